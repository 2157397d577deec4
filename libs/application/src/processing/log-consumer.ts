import type { Checkpoint, RecordedEvent } from '@threadtrak/event-store';

/**
 * One reader of the log, run by a LogProcessor: ledger posting, the due scheduler, the projections, the
 * payout flow, the webhook deliveries. The processor hands it the log in order, one batch at a time,
 * awaits it, and only then moves its checkpoint; so `handle` must be idempotent (a batch is handed again
 * after a failure, a crash, or a lease moving to another process) and must throw when it did not finish.
 */
export interface LogConsumer {
  /** The checkpoint's name in the event store, and the lease's. */
  readonly name: string;
  /**
   * Once per start, before the first batch, with the stored checkpoint as verified against the log
   * (the log's start when it named another log). Resets what the consumer keeps in memory; may move the
   * start earlier (a read model that is behind the checkpoint), never later.
   */
  start?(from: Checkpoint): Promise<Checkpoint | void>;
  /** Handles a batch (at most the processor's batch size). Throwing leaves the checkpoint before it. */
  handle(events: readonly RecordedEvent[]): Promise<void>;
  /**
   * What to store once everything up to `handled` is done. Default `handled`. The payout flow stores an
   * earlier one: the event before its oldest open payout, so that a restart rebuilds its memory.
   */
  checkpoint?(handled: Checkpoint): Checkpoint;
  /** After the last batch, when the processor stops. */
  stop?(): Promise<void>;
}

/**
 * Every log consumer the worker runs, by its `@ConsumesLog` name: the name of its lease and of its
 * checkpoint. The one list the api reads lag and lease holders by.
 */
export const LOG_CONSUMER_NAMES: readonly string[] = [
  'ledger-posting',
  'due-scheduler',
  'projections',
  'payout-saga',
  'webhook-deliveries',
];
