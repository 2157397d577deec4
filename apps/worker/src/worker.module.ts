import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DueSchedulerHandler } from './consumers/due-scheduler.handler';
import { LedgerPostingHandler } from './consumers/ledger-posting.handler';
import { PayoutSagaHandler } from './consumers/payout-saga.handler';
import { ProjectionsHandler } from './consumers/projections.handler';
import { WebhookDeliveriesHandler } from './consumers/webhook-deliveries.handler';
import { LogProcessorHost } from './processing/log-processor.host';

/**
 * Everything that consumes the log (docs/architecture.md); imported by the worker and by `npm start`.
 * The LogProcessorHost runs each `@ConsumesLog` handler below from the log under its lease.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    LogProcessorHost,
    LedgerPostingHandler,
    DueSchedulerHandler,
    ProjectionsHandler,
    WebhookDeliveriesHandler,
    PayoutSagaHandler,
  ],
  exports: [LogProcessorHost],
})
export class WorkerModule {}
