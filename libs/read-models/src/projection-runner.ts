import {
  checkpointMatches,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@threadtrak/event-store';
import type { Projection } from './projection';
import { allProjections } from './projections';
import { RESETTING, type ReadModelStore } from './read-model-store';

export interface ProjectionRunnerOptions {
  eventStore: Pick<EventStore, 'subscribeToAll' | 'headPosition' | 'eventAtPosition'>;
  store: ReadModelStore;
  /** Default: `allProjections()`. */
  projections?: readonly Projection[];
  /** Most events per atomic unit (catch-up reads this many at a time; live batches are smaller). Default 2000. */
  batchSize?: number;
  /** Wait before resubscribing after a failure. Default 1000 ms. */
  retryDelayMs?: number;
  onError?: (projection: string, error: unknown) => void;
  /** Where the WARN of a checkpoint that does not match the log goes. Default console.warn. */
  log?: (line: string) => void;
}

export interface ProjectionStatus {
  name: string;
  running: boolean;
  checkpoint: number;
  lag: number;
  lastError?: string;
}

/** Another runner (or a reset) moved the checkpoint: resume from the stored one. */
class CheckpointMovedError extends Error {
  constructor(projection: string, result: string) {
    super(`${projection}: batch ${result}, resuming from the stored checkpoint`);
  }
}

/**
 * Runs the projections from ONE durable subscription: the log is read and parsed once, and each batch is
 * handed to every projection. Each projection's share of a batch and its new checkpoint are written in one
 * atomic unit, so after a crash a projection resumes from its own checkpoint and neither loses nor double
 * counts an event. Several runners may run at once: the checkpoint's compare-and-set lets exactly one apply
 * each batch; the others resume from the stored checkpoints.
 *
 * Each start first verifies every stored checkpoint against the log: the event it names must be the one
 * the log holds at its position. A read model built from another log (a restored or swapped event store)
 * is rebuilt from position 0, with a WARN; it is never resumed past events it did not see.
 */
export class ProjectionRunner {
  private readonly projections: Map<string, Projection>;
  private readonly errors = new Map<string, string>();
  private running = false;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private wake?: () => void;
  private rebuilding: Promise<unknown> = Promise.resolve();
  /** Settles once this start has verified the stored checkpoints (or stopped): catching up counts after it. */
  private verified: Promise<void> = Promise.resolve();
  private markVerified = () => {};

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.projections = new Map(
      (options.projections ?? allProjections()).map((projection) => [projection.name, projection]),
    );
  }

  get names(): string[] {
    return [...this.projections.keys()];
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.verified = new Promise((resolve) => (this.markVerified = resolve));
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.markVerified();
    this.wake?.();
    await this.subscription?.stop();
    await this.loop;
  }

  /** Events each projection is behind the head of the log: for /readyz. */
  async lag(): Promise<Record<string, number>> {
    return Object.fromEntries((await this.status()).map(({ name, lag }) => [name, lag]));
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.options.eventStore.headPosition();
    return Promise.all(
      this.names.map(async (name) => {
        const checkpoint = await this.options.store.checkpoint(name);
        const lastError = this.errors.get(name);
        return {
          name,
          running: this.running,
          checkpoint,
          lag: Math.max(0, head - Math.max(0, checkpoint)),
          ...(lastError && { lastError }),
        };
      }),
    );
  }

  /** Drops the read model (all when no name) and replays it from position 0. Resolves once replay has begun. */
  async rebuild(name?: string): Promise<string[]> {
    const names = name === undefined ? this.names : [name];
    for (const each of names)
      if (!this.projections.has(each)) throw new UnknownProjectionError(each);
    const run = this.rebuilding.then(async () => {
      const wasRunning = this.running;
      await this.stop();
      for (const each of names) await this.options.store.reset(each);
      if (wasRunning) this.start();
    });
    this.rebuilding = run.catch(() => undefined);
    await run;
    return names;
  }

  /** Resolves once every projection's checkpoint is ≥ `position` (default: the head now). */
  async waitUntilCaughtUp(
    position?: number,
    { timeoutMs = 10_000, pollMs = 10 } = {},
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.verified,
      new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
    const target = position ?? (await this.options.eventStore.headPosition());
    for (;;) {
      const checkpoints = await Promise.all(
        this.names.map((name) => this.options.store.checkpoint(name)),
      );
      if (checkpoints.every((checkpoint) => checkpoint >= target)) return;
      if (Date.now() > deadline) {
        const behind = this.names
          .map((name, i) => `${name}@${checkpoints[i]}`)
          .filter((_, i) => checkpoints[i] < target);
        throw new Error(
          `projections not caught up to ${target} after ${timeoutMs} ms: ${behind.join(', ')}`,
        );
      }
      await sleep(pollMs);
    }
  }

  private async run(): Promise<void> {
    const { store, eventStore, batchSize = 2000, retryDelayMs = 1000 } = this.options;
    let verified = false;
    while (this.running) {
      let delay = retryDelayMs;
      try {
        if (!verified) {
          await this.verifyCheckpoints();
          verified = true;
          this.markVerified();
        }
        const checkpoints = new Map<string, number>();
        for (const name of this.names) checkpoints.set(name, await store.checkpoint(name));
        if (!this.running) break;
        if ([...checkpoints.values()].includes(RESETTING)) {
          await this.pause(retryDelayMs);
          continue;
        }
        const handle = async (events: RecordedEvent[]) => {
          const last = events[events.length - 1];
          const position = last.position;
          const event =
            last.hash === undefined ? { id: last.id } : { id: last.id, hash: last.hash };
          await Promise.all(
            [...this.projections.values()].map(async (projection) => {
              const after = checkpoints.get(projection.name)!;
              const batch =
                after < events[0].position
                  ? events
                  : events.filter((event) => event.position > after);
              if (batch.length === 0) return;
              try {
                const ops = await projection.project(batch, store);
                const result = await store.apply(projection.name, { after, position, event }, ops);
                if (result !== 'applied') throw new CheckpointMovedError(projection.name, result);
                checkpoints.set(projection.name, position);
                this.errors.delete(projection.name);
              } catch (error) {
                if (!(error instanceof CheckpointMovedError)) {
                  this.errors.set(
                    projection.name,
                    error instanceof Error ? error.message : String(error),
                  );
                  this.options.onError?.(projection.name, error);
                }
                throw error;
              }
            }),
          );
        };
        this.subscription = eventStore.subscribeToAll(handle, {
          after: Math.min(...checkpoints.values()),
          batchSize,
        });
        await this.subscription.done;
      } catch (error) {
        if (!this.running) break;
        if (error instanceof CheckpointMovedError) delay = 0;
      }
      await this.subscription?.stop().catch(() => undefined);
      this.subscription = undefined;
      if (this.running) await this.pause(delay);
    }
  }

  /** A checkpoint whose event is not the log's at that position (or past the head): rebuild from 0. */
  private async verifyCheckpoints(): Promise<void> {
    const { store, eventStore } = this.options;
    for (const name of this.names) {
      const stored = await store.storedCheckpoint(name);
      if (stored.position <= 0) continue;
      const found = await eventStore.eventAtPosition(stored.position);
      // Checkpoints written before the event was kept with them can only be checked for an event there.
      const matches =
        stored.eventId === undefined
          ? found !== null
          : checkpointMatches(
              { position: stored.position, eventId: stored.eventId, hash: stored.hash },
              found,
            );
      if (matches) continue;
      const head = await eventStore.headPosition();
      (this.options.log ?? console.warn)(
        `WARN checkpoint of projection ${name} does not match the log: stored position ${stored.position} event ${stored.eventId ?? '(not kept)'}, ` +
          `found ${found ? `event ${found.id}` : `no event there (log head ${head})`} (restored or swapped event store?); rebuilding ${name} from position 0`,
      );
      await store.reset(name);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

export class UnknownProjectionError extends Error {
  readonly code = 'unknown_projection';
  constructor(name: string) {
    super(`no projection named ${JSON.stringify(name)}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
