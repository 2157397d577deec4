import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { Leases, Runtime } from '@threadtrak/application';
import { RUNTIME } from '@threadtrak/wiring';
import { LedgerPostingHandler } from './consumers/ledger-posting.handler';
import { PayoutSagaHandler } from './consumers/payout-saga.handler';
import { LEASES, leasesProvider } from './processing/leases.provider';
import { LogProcessorHost } from './processing/log-processor.host';
import { startWorker, type Worker } from './worker';

/** The consumers not yet run by the LogProcessorHost; stopped before the stores close. */
class WorkerProcess implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker | null = null;

  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(LEASES) private readonly leases: Leases,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startWorker(this.runtime, this.leases);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.stop();
    this.worker = null;
  }
}

/**
 * Everything that consumes the log (docs/architecture.md); imported by the worker and by `npm start`.
 * The LogProcessorHost runs each `@ConsumesLog` handler below from the log under its lease.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    leasesProvider,
    LogProcessorHost,
    WorkerProcess,
    LedgerPostingHandler,
    PayoutSagaHandler,
  ],
  exports: [LogProcessorHost],
})
export class WorkerModule {}
