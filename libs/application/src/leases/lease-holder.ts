import type { Lease } from './lease';

/** A started log consumer, as far as the lease holder cares. */
export interface Running {
  stop(): Promise<void>;
}

export interface LeaseHolderOptions {
  /** The lease's ttl: the holder gives up on its own before it could have expired. */
  ttlMs: number;
  /** Between renewals. Default ttl / 5. */
  renewMs?: number;
  /** Between attempts to take a lease held elsewhere, on average (jittered ±50 % so replicas share leases). Default 1000 ms. */
  retryMs?: number;
  log?: (line: string) => void;
  now?: () => number;
}

/**
 * Runs a consumer only while this process holds its lease: tries to take the lease, starts the consumer
 * with the fencing token, renews the lease; when a renewal is refused, or the lease store has not answered
 * for so long that the lease may have expired, stops the consumer and goes back to trying. Another process
 * therefore takes over at most ttl + retryMs after a holder dies.
 *
 * Starting and stopping run one after the other (a chain), never at once, and never block renewals: a
 * consumer that takes longer than the ttl to catch up keeps its lease.
 */
export class LeaseHolder {
  private token: number | null = null;
  private validUntil = 0;
  private running: Running | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private readonly renewMs: number;
  private readonly retryMs: number;
  private readonly now: () => number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly lease: Lease,
    private readonly start: (token: number) => Promise<Running>,
    private readonly options: LeaseHolderOptions,
  ) {
    this.renewMs = options.renewMs ?? Math.max(10, Math.floor(Math.min(options.ttlMs, 60_000) / 5));
    this.retryMs = options.retryMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  /** The fencing token while this process holds the lease, else null. */
  get heldToken(): number | null {
    return this.token;
  }

  /** Makes the first attempt (and, when it wins, starts the consumer) before resolving; then keeps at it. */
  async begin(): Promise<void> {
    await this.tryAcquire();
    await this.chain;
    this.loop = this.run();
  }

  /** Stops the consumer (waiting for its work in flight) and releases the lease for the next holder. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    const token = this.token;
    this.token = null;
    this.chain = this.chain.then(() => this.stopConsumer());
    await this.chain;
    if (token !== null) {
      // Said once the consumer has stopped and before the lease is free: whoever takes it next says so
      // after this line, never before it.
      this.log(`lease ${this.lease.name}: released (token ${token})`);
      await this.lease.release(token).catch(() => undefined);
    }
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      await this.sleep(
        this.token === null ? Math.round(this.retryMs * (0.5 + Math.random())) : this.renewMs,
      );
      if (this.stopped) break;
      if (this.token === null) await this.tryAcquire();
      else await this.tryRenew(this.token);
    }
  }

  private async tryAcquire(): Promise<void> {
    const sentAt = this.now();
    let token: number | null;
    try {
      token = await this.bounded(this.lease.tryAcquire());
    } catch (error) {
      this.log(`lease ${this.lease.name}: cannot reach the lease store: ${messageOf(error)}`);
      return;
    }
    if (token === null) return;
    if (this.stopped) {
      await this.lease.release(token).catch(() => undefined);
      return;
    }
    this.token = token;
    this.validUntil = sentAt + this.options.ttlMs;
    this.log(`lease ${this.lease.name}: acquired (token ${token})`);
    this.chain = this.chain.then(() => this.startConsumer(token));
  }

  private async startConsumer(token: number): Promise<void> {
    if (this.token !== token) return;
    try {
      this.running = await this.start(token);
    } catch (error) {
      this.log(`lease ${this.lease.name}: the consumer failed to start: ${messageOf(error)}`);
      if (this.token === token) {
        this.token = null;
        await this.lease.release(token).catch(() => undefined);
      }
    }
  }

  private async tryRenew(token: number): Promise<void> {
    const sentAt = this.now();
    let kept: boolean | undefined;
    try {
      kept = await this.bounded(this.lease.renew(token));
    } catch {
      kept = undefined;
    }
    if (this.token !== token) return;
    if (kept === true) {
      this.validUntil = sentAt + this.options.ttlMs;
      return;
    }
    // No answer: still ours for a while. The next look comes at most a renewal period plus a timed-out
    // call (two periods) from now, so stop unless the lease will still be ours then.
    if (kept === undefined && this.now() + 2 * this.renewMs < this.validUntil) return;
    this.token = null;
    this.log(
      `lease ${this.lease.name}: lost (token ${token}, ${kept === false ? 'held by another process' : 'the lease store does not answer'}); stopping`,
    );
    this.chain = this.chain.then(() => this.stopConsumer());
  }

  private async stopConsumer(): Promise<void> {
    const running = this.running;
    this.running = null;
    if (!running) return;
    try {
      await running.stop();
    } catch (error) {
      this.log(`lease ${this.lease.name}: stopping the consumer failed: ${messageOf(error)}`);
    }
  }

  /** A call to the lease store that takes longer than a renewal period counts as no answer. */
  private bounded<T>(call: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out')), Math.max(this.renewMs, 50));
      call.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
