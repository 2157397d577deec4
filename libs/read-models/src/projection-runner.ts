import type { EventStore, RecordedEvent, Subscription } from '@threadtrak/event-store';
import type { Projection } from './projection';
import { allProjections } from './projections';
import { RESETTING, type ReadModelStore } from './read-model-store';

export interface ProjectionRunnerOptions {
  eventStore: Pick<EventStore, 'subscribeToAll' | 'headPosition'>;
  store: ReadModelStore;
  /** Default: `allProjections()`. */
  projections?: readonly Projection[];
  /** Events per atomic unit. Default 500. */
  batchSize?: number;
  /** Wait before resubscribing after a failure. Default 1000 ms. */
  retryDelayMs?: number;
  onError?: (projection: string, error: unknown) => void;
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
 * Runs each projection from a durable subscription: a batch of events and the new checkpoint are written
 * in one atomic unit, so after a crash a projection resumes from its checkpoint and neither loses nor
 * double counts an event. Several runners may run the same projection: the checkpoint's compare-and-set
 * lets exactly one apply each batch; the others resume from the stored checkpoint.
 */
export class ProjectionRunner {
  private readonly workers: Map<string, ProjectionWorker>;
  private started = false;
  private rebuilding: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: ProjectionRunnerOptions) {
    this.workers = new Map((options.projections ?? allProjections()).map((projection) => [projection.name, new ProjectionWorker(projection, options)]));
  }

  get names(): string[] {
    return [...this.workers.keys()];
  }

  start(): void {
    this.started = true;
    for (const worker of this.workers.values()) worker.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.workers.values()].map((worker) => worker.stop()));
  }

  /** Events each projection is behind the head of the log: for /readyz. */
  async lag(): Promise<Record<string, number>> {
    return Object.fromEntries((await this.status()).map(({ name, lag }) => [name, lag]));
  }

  async status(): Promise<ProjectionStatus[]> {
    const head = await this.options.eventStore.headPosition();
    return Promise.all(
      [...this.workers.values()].map(async (worker) => {
        const checkpoint = await this.options.store.checkpoint(worker.name);
        return {
          name: worker.name,
          running: worker.running,
          checkpoint,
          lag: Math.max(0, head - Math.max(0, checkpoint)),
          ...(worker.lastError && { lastError: worker.lastError }),
        };
      }),
    );
  }

  /** Drops the read model (all when no name) and replays it from position 0. Resolves once replay has begun. */
  async rebuild(name?: string): Promise<string[]> {
    const names = name === undefined ? this.names : [name];
    const workers = names.map((each) => {
      const worker = this.workers.get(each);
      if (!worker) throw new UnknownProjectionError(each);
      return worker;
    });
    const run = this.rebuilding.then(async () => {
      for (const worker of workers) {
        await worker.stop();
        await this.options.store.reset(worker.name);
        if (this.started) worker.start();
      }
    });
    this.rebuilding = run.catch(() => undefined);
    await run;
    return names;
  }

  /** Resolves once every projection's checkpoint is ≥ `position` (default: the head now). */
  async waitUntilCaughtUp(position?: number, { timeoutMs = 10_000, pollMs = 10 } = {}): Promise<void> {
    const target = position ?? (await this.options.eventStore.headPosition());
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const checkpoints = await Promise.all(this.names.map((name) => this.options.store.checkpoint(name)));
      if (checkpoints.every((checkpoint) => checkpoint >= target)) return;
      if (Date.now() > deadline) {
        const behind = this.names.map((name, i) => `${name}@${checkpoints[i]}`).filter((_, i) => checkpoints[i] < target);
        throw new Error(`projections not caught up to ${target} after ${timeoutMs} ms: ${behind.join(', ')}`);
      }
      await sleep(pollMs);
    }
  }
}

export class UnknownProjectionError extends Error {
  readonly code = 'unknown_projection';
  constructor(name: string) {
    super(`no projection named ${JSON.stringify(name)}`);
  }
}

class ProjectionWorker {
  running = false;
  lastError?: string;
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private wake?: () => void;

  constructor(
    private readonly projection: Projection,
    private readonly options: ProjectionRunnerOptions,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.subscription?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { store, eventStore, batchSize = 500, retryDelayMs = 1000 } = this.options;
    while (this.running) {
      let delay = retryDelayMs;
      try {
        const checkpoint = await store.checkpoint(this.name);
        if (!this.running) break;
        if (checkpoint === RESETTING) {
          await this.pause(retryDelayMs);
          continue;
        }
        let after = checkpoint;
        const handle = async (events: RecordedEvent[]) => {
          const batch = events.filter((event) => event.position > after);
          if (batch.length === 0) return;
          const position = batch[batch.length - 1].position;
          const ops = await this.projection.project(batch, store);
          const result = await store.apply(this.name, { after, position }, ops);
          if (result !== 'applied') throw new CheckpointMovedError(this.name, result);
          after = position;
          this.lastError = undefined;
        };
        this.subscription = eventStore.subscribeToAll(handle, { after: checkpoint, batchSize });
        await this.subscription.done;
      } catch (error) {
        if (!this.running) break;
        if (error instanceof CheckpointMovedError) delay = 0;
        else {
          this.lastError = error instanceof Error ? error.message : String(error);
          this.options.onError?.(this.name, error);
        }
      }
      await this.subscription?.stop().catch(() => undefined);
      this.subscription = undefined;
      if (this.running) await this.pause(delay);
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
