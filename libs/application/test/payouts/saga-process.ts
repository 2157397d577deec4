import type { EventStore } from '@threadtrak/event-store';
import type { PayoutSaga } from '../../src/payouts/payout-saga';
import { LogProcessor } from '../../src/processing';

/**
 * The payout saga run by its own LogProcessor, as the worker's host runs it, with the checkpoint written
 * after every batch (flushMs 0) so that specs can read it at once.
 */
export class SagaProcess {
  private readonly processor: LogProcessor;

  constructor(
    readonly saga: PayoutSaga,
    store: EventStore,
    log: (line: string) => void = () => undefined,
  ) {
    this.processor = new LogProcessor({
      store,
      consumer: saga,
      flushMs: 0,
      backoff: { initialMs: 20, maxMs: 200 },
      log,
    });
  }

  /** Resolves once the saga has read the log up to its head as of now. */
  async start(): Promise<void> {
    this.processor.start();
    await this.saga.whenReady();
  }

  /** Catches up with the log, runs the work that is due, waits for it, and reads back what it wrote. */
  async tick(): Promise<void> {
    await this.processor.caughtUp();
    await this.saga.settle();
    await this.processor.caughtUp();
  }

  stop(): Promise<void> {
    return this.processor.stop();
  }

  open() {
    return this.saga.open();
  }

  needsAttention() {
    return this.saga.needsAttention();
  }
}
