import {
  LOG_START,
  checkpointMatches,
  type Checkpoint,
  type EventStore,
} from '@threadtrak/event-store';

export interface CheckpointsOptions {
  /** Writes are coalesced: at most one per consumer every `flushMs`. Default 200. */
  flushMs?: number;
  log?: (line: string) => void;
}

/**
 * Where each log consumer (ledger posting, payout saga) stands, kept in the event store beside the log it
 * points into (`CheckpointStore`), so a restored or swapped log never comes with another log's positions.
 *
 * At start a consumer `resume`s: its stored checkpoint, if the log still holds the event it names at its
 * position; else (another event there, or past the head) the start of the log, with a WARN naming the
 * consumer and both events. The consumers are idempotent, so re-reading is only slower, never wrong; a
 * silent skip past events never read would be.
 *
 * Writes are coalesced (at most one per consumer every `flushMs`): a crash loses at most that much
 * progress, which the consumers re-handle idempotently. A synchronous write per batch cost the redirect
 * ~7 % of its CPU on SQLite.
 */
export class LogCheckpoints {
  private readonly pending = new Map<string, Checkpoint>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly flushMs: number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly store: Pick<
      EventStore,
      'readCheckpoint' | 'writeCheckpoint' | 'eventAtPosition' | 'headPosition'
    >,
    options: CheckpointsOptions = {},
  ) {
    this.flushMs = options.flushMs ?? 200;
    this.log = options.log ?? ((line) => console.warn(line));
  }

  /** The consumer's checkpoint as last written (pending or stored), unverified; null when none. */
  async read(consumer: string): Promise<Checkpoint | null> {
    return this.pending.get(consumer) ?? (await this.store.readCheckpoint(consumer));
  }

  /** Where the consumer resumes: its checkpoint when it points into this log, else the log's start. */
  async resume(consumer: string): Promise<Checkpoint> {
    const stored = await this.read(consumer);
    if (!stored || stored.position === 0) return LOG_START;
    const found = await this.store.eventAtPosition(stored.position);
    if (checkpointMatches(stored, found)) return stored;
    const head = await this.store.headPosition();
    this.log(
      `WARN checkpoint of ${consumer} does not match the log: stored position ${stored.position} event ${stored.eventId}` +
        `${stored.hash ? ` hash ${stored.hash.slice(0, 12)}` : ''}, found ${found ? `event ${found.id}${found.hash ? ` hash ${found.hash.slice(0, 12)}` : ''}` : `no event there (log head ${head})`}` +
        ` (restored or swapped event store?); re-reading ${consumer} from the start of the log`,
    );
    return LOG_START;
  }

  /** Records that the consumer has handled everything up to and including the checkpoint's event. */
  async write(consumer: string, checkpoint: Checkpoint): Promise<void> {
    this.pending.set(consumer, checkpoint);
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush(), this.flushMs);
    this.timer.unref();
  }

  /** Writes what is pending now (also on shutdown). A failed write stays pending for the next flush. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing = this.flushing.then(async () => {
      for (const [consumer, checkpoint] of [...this.pending]) {
        try {
          await this.store.writeCheckpoint(consumer, checkpoint);
          if (this.pending.get(consumer) === checkpoint) this.pending.delete(consumer);
        } catch (error) {
          // Closed: the process is stopping and its last progress is re-handled at the next start.
          if ((error as { code?: string }).code === 'closed') return this.pending.clear();
          this.log(
            `checkpoint of ${consumer}: writing failed, kept for the next try: ${error instanceof Error ? error.message : String(error)}`,
          );
          if (!this.timer) {
            this.timer = setTimeout(() => void this.flush(), this.flushMs);
            this.timer.unref();
          }
        }
      }
    });
    return this.flushing;
  }
}
