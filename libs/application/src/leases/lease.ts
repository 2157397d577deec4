/**
 * A lease: the right, for a limited time, to be the one process that runs a log consumer.
 *
 * Glossary
 * - holder: the process that took the lease and keeps renewing it.
 * - time to live (ttl): how long the lease lasts without a renewal; a killed holder loses it after that.
 * - fencing token: a number that grows with every acquisition of the same lease, so a write tagged with an
 *   older token can be told apart from the current holder's.
 */
export interface Lease {
  readonly name: string;
  /** Takes the lease when nobody holds it: the new fencing token, or null when another process holds it. */
  tryAcquire(): Promise<number | null>;
  /** Extends the lease held under `token`: false when it is no longer ours (expired, then taken or gone). */
  renew(token: number): Promise<boolean>;
  /** Gives the lease up at once, if it is still ours, so another process need not wait for the ttl. */
  release(token: number): Promise<void>;
  /** Who holds it now, for operators and tests. */
  holder(): Promise<LeaseHolding | null>;
}

/** A held lease as the lease store reports it. */
export interface LeaseHolding {
  /** The holder's process identity (`{hostname}:{pid}:{random}` in Redis, `local:{pid}` in one process). */
  owner: string;
  /** The fencing token of the holder's acquisition. */
  token: number;
  /** Milliseconds until the lease expires unless renewed; null when it never expires (one process). */
  expiresInMs: number | null;
}

/** Hands out the leases of one process: one owner name, one connection to the lease store. */
export interface Leases {
  /** Milliseconds a lease lasts without renewal. */
  readonly ttlMs: number;
  lease(name: string): Lease;
  close(): Promise<void>;
}

/**
 * For the embedded deployment: one process runs everything, so every lease is granted at once and kept.
 * Tokens still grow so that the logs read the same as with a shared store.
 */
export class LocalLeases implements Leases {
  readonly ttlMs = Number.MAX_SAFE_INTEGER;
  private readonly held = new Map<string, number>();
  private tokens = 0;

  constructor(private readonly owner = `local:${process.pid}`) {}

  lease(name: string): Lease {
    return {
      name,
      tryAcquire: async () => {
        if (this.held.has(name)) return null;
        const token = ++this.tokens;
        this.held.set(name, token);
        return token;
      },
      renew: async (token) => this.held.get(name) === token,
      release: async (token) => {
        if (this.held.get(name) === token) this.held.delete(name);
      },
      holder: async () => {
        const token = this.held.get(name);
        return token === undefined ? null : { owner: this.owner, token, expiresInMs: null };
      },
    };
  }

  async close(): Promise<void> {}
}
