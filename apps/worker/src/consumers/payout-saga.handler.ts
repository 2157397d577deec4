import { Inject } from '@nestjs/common';
import { PayoutSaga, Payouts, type Clock } from '@threadtrak/application';
import type { Checkpoint, EventStore } from '@threadtrak/event-store';
import { PayoutProviders } from '@threadtrak/payouts';
import { CLOCK, EVENT_STORE } from '@threadtrak/wiring';
import { ConsumesLog, type LogBatch, type LogEventsHandler } from '../processing/consumes-log';

/**
 * The payout flow (PayoutSaga) on the log: the LogProcessorHost runs it under the `payout-saga` lease,
 * hands it each batch and stores the checkpoint it names (the event before its oldest open payout).
 * Its work loop — approvals, sends, polls, the slow retry of a payout that needs attention — runs
 * apart from the batches, and stops with the processor.
 */
@ConsumesLog('payout-saga')
export class PayoutSagaHandler implements LogEventsHandler {
  private readonly saga: PayoutSaga;

  constructor(
    payouts: Payouts,
    providers: PayoutProviders,
    @Inject(CLOCK) clock: Clock,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.saga = new PayoutSaga({
      store,
      payouts,
      providers,
      clock,
      log: (line) => console.log(line),
    });
  }

  start(from: Checkpoint): Promise<void> {
    return this.saga.start(from);
  }

  handle({ events }: LogBatch): Promise<void> {
    return this.saga.handle(events);
  }

  checkpoint(): Checkpoint {
    return this.saga.checkpoint();
  }

  stop(): Promise<void> {
    return this.saga.stop();
  }
}
