import {
  checkpointAt,
  checkpointMatches,
  LOG_START,
  ReplayRequestedError,
  type Checkpoint,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@threadtrak/event-store';
import { FencedOutError, type Fence } from './fence';
import type { LogConsumer } from './log-consumer';

export type ProcessorStore = Pick<
  EventStore,
  'subscribeToAll' | 'readCheckpoint' | 'writeCheckpoint' | 'eventAtPosition' | 'headPosition'
>;

export interface LogProcessorOptions {
  store: ProcessorStore;
  consumer: LogConsumer;
  /** The lease this processor runs under; without one (a single process) every write is ours. */
  fence?: Fence;
  /** Most events per batch, and the most read ahead of the handler (one batch). At most 500. */
  batchSize?: number;
  /** Wait before reading again after a failure: doubles from `initialMs` up to `maxMs`. */
  backoff?: { initialMs: number; maxMs: number };
  /** Checkpoint writes are coalesced: at most one every `flushMs`, and one at stop. Default 200. */
  flushMs?: number;
  log?: (line: string) => void;
}

const MAX_BATCH = 500;
export const DEFAULT_BACKOFF = { initialMs: 100, maxMs: 30_000 };

export interface ProcessorStatus {
  name: string;
  running: boolean;
  /** The last event every handler finished with. */
  handled: number;
  /** Consecutive failed attempts at the current batch (0 when healthy). */
  failures: number;
  lastError?: string;
}

/**
 * Runs one LogConsumer from a checkpoint kept in the event store beside the log it points into.
 *
 * - Subscription: catches up from the stored checkpoint, verified against the log at every start (a
 *   checkpoint naming another event at its position — a restored or swapped log — re-reads from the
 *   start, with a WARN), then stays live.
 * - Backpressure: batches of at most 500 events; the store reads the next batch only once the handler's
 *   promise settled, so nothing is read ahead beyond one batch.
 * - Awaits the handler, and moves the checkpoint only after it succeeded. A handler that throws leaves the
 *   checkpoint where it was, and the same batch is handed again after a backoff (100 ms doubling to 30 s).
 *   The same backoff resubscribes when the store drops the subscription or cannot be read.
 * - Replay: a consumer whose own state moved behind what it handled (a read model reset for a rebuild)
 *   throws ReplayRequestedError; after the backoff the processor starts it again from its `start`.
 * - Fencing: before each checkpoint write the lease must still carry this processor's token; otherwise the
 *   processor stops without writing (see fence.ts for the gap a check-then-write leaves).
 *
 * This is what @nestjs/cqrs does not give: its EventBus.publish is fire-and-forget (nestjs/cqrs #215), an
 * event handler's or a saga's error is logged and swallowed (#156, #1401), and nothing is durable. Here
 * the log is the source, every handler is awaited, and an error stops the checkpoint.
 */
export class LogProcessor {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly backoff: { initialMs: number; maxMs: number };
  private readonly flushMs: number;
  private readonly log: (line: string) => void;
  private running = false;
  private started = false;
  private after: Checkpoint = LOG_START;
  private pending: Checkpoint | null = null;
  private written: Checkpoint | null = null;
  private lastWriteAt = 0;
  private flushTimer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private subscription?: Subscription;
  private loop?: Promise<void>;
  private wake?: () => void;
  private failures = 0;
  private lastError?: string;
  private waiters: { position: number; resolve: () => void }[] = [];

  constructor(private readonly options: LogProcessorOptions) {
    this.name = options.consumer.name;
    this.batchSize = Math.min(options.batchSize ?? MAX_BATCH, MAX_BATCH);
    if (!(this.batchSize > 0)) throw new RangeError('a batch holds at least one event');
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.flushMs = options.flushMs ?? 200;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /** Starts reading in the background; `caughtUp` tells when it has reached a position. */
  start(): void {
    if (this.loop) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Waits for the batch in flight, writes the checkpoint it reached, and stops the consumer. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.running = false;
    this.wake?.();
    await this.subscription?.stop();
    await this.loop;
    this.loop = undefined;
    this.releaseWaiters();
    clearTimeout(this.flushTimer);
    await this.queueFlush().catch((error) => this.log(`${this.name}: ${messageOf(error)}`));
    await this.options.consumer.stop?.();
  }

  /** Resolves once every handler finished the event at `position` (default: the log's head now). */
  async caughtUp(position?: number): Promise<void> {
    const target = position ?? (await this.options.store.headPosition());
    if (this.after.position >= target || !this.running) return;
    await new Promise<void>((resolve) => this.waiters.push({ position: target, resolve }));
  }

  status(): ProcessorStatus {
    return {
      name: this.name,
      running: this.running,
      handled: this.after.position,
      failures: this.failures,
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (!this.started) {
          this.after = await this.resume();
          this.started = true;
          // Nothing may follow the checkpoint: whoever waits for a position before it is done waiting.
          this.releaseReached();
        }
        // Told to stop while the consumer was starting: `stop` found no subscription to end.
        if (!this.running) break;
        this.subscription = this.options.store.subscribeToAll((events) => this.handle(events), {
          after: this.after.position,
          batchSize: this.batchSize,
        });
        await this.subscription.done;
        if (this.running) throw new Error('the subscription ended');
      } catch (error) {
        if (!this.running) break;
        if (error instanceof FencedOutError) {
          this.log(error.message);
          this.running = false;
          this.releaseWaiters();
          break;
        }
        // The consumer's own state moved behind its checkpoint: its `start` says where to read from.
        if (error instanceof ReplayRequestedError) this.started = false;
        const delay = Math.min(
          this.backoff.initialMs * 2 ** Math.min(this.failures, 30),
          this.backoff.maxMs,
        );
        this.failures += 1;
        this.lastError = messageOf(error);
        this.log(
          `${this.name}: ${this.lastError}; checkpoint stays at ${this.after.position}, ` +
            `reading again in ${delay} ms (attempt ${this.failures})`,
        );
        await this.pause(delay);
      }
    }
  }

  /** The stored checkpoint when it points into this log, else the log's start; then the consumer's say. */
  private async resume(): Promise<Checkpoint> {
    const { store, consumer } = this.options;
    const stored = (await store.readCheckpoint(this.name)) ?? LOG_START;
    this.written = stored;
    let from = stored;
    if (stored.position > 0) {
      const found = await store.eventAtPosition(stored.position);
      if (!checkpointMatches(stored, found)) {
        this.log(
          `WARN checkpoint of ${this.name} does not match the log: stored position ${stored.position} ` +
            `event ${stored.eventId}, found ${found ? `event ${found.id}` : 'no event there'} ` +
            `(restored or swapped event store?); re-reading ${this.name} from the start of the log`,
        );
        from = LOG_START;
      }
    }
    const moved = await consumer.start?.(from);
    if (moved && moved.position > from.position)
      throw new Error(`${this.name}: a consumer may move its start earlier, never later`);
    return moved ?? from;
  }

  private async handle(events: RecordedEvent[]): Promise<void> {
    if (!this.running) return;
    const last = events[events.length - 1];
    if (!last) return;
    await this.options.consumer.handle(events);
    this.after = checkpointAt(last);
    this.failures = 0;
    this.lastError = undefined;
    this.pending = this.options.consumer.checkpoint?.(this.after) ?? this.after;
    if (Date.now() - this.lastWriteAt >= this.flushMs) await this.queueFlush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => {
        this.flushTimer = undefined;
        void this.queueFlush().catch((error) => this.log(`${this.name}: ${messageOf(error)}`));
      }, this.flushMs);
      this.flushTimer.unref();
    }
    this.releaseReached();
  }

  private releaseReached(): void {
    const reached = this.waiters.filter((waiter) => waiter.position <= this.after.position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > this.after.position);
    for (const waiter of reached) waiter.resolve();
  }

  /** One write at a time, in order; a fenced-out processor writes nothing. */
  private queueFlush(): Promise<void> {
    const run = this.flushing.then(() => this.flush());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  private async flush(): Promise<void> {
    const checkpoint = this.pending;
    if (!checkpoint || sameCheckpoint(checkpoint, this.written)) return;
    const { fence, store } = this.options;
    if (fence && !(await fence.holds())) throw new FencedOutError(this.name, fence.token);
    try {
      await store.writeCheckpoint(this.name, checkpoint);
    } catch (error) {
      // Closed: the process is stopping; its last batches are handled again at the next start.
      if ((error as { code?: string }).code === 'closed') return;
      throw error;
    }
    this.written = checkpoint;
    this.lastWriteAt = Date.now();
  }

  private releaseWaiters(): void {
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters = [];
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

const sameCheckpoint = (a: Checkpoint, b: Checkpoint | null): boolean =>
  b !== null && a.position === b.position && a.eventId === b.eventId;

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
