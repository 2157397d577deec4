import { FileCheckpoints, MemoryCheckpoints, PayoutSaga, startLedgerPosting, type Runtime } from '@threadtrak/application';
import { payoutProvidersFromEnv } from '@threadtrak/payouts';
import type { Subscription } from '@threadtrak/event-store';
import { ProjectionRunner } from '@threadtrak/read-models';
import { join } from 'node:path';

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Everything that consumes the log: ledger posting, the due-date scheduler, the projections and the
 * payout saga. Each runs from a subscription; each is idempotent.
 */
export const startWorker = async (runtime: Runtime, options: { inMemoryCheckpoints?: boolean } = {}): Promise<Worker> => {
  const checkpoints = options.inMemoryCheckpoints ? new MemoryCheckpoints() : new FileCheckpoints(join(runtime.config.dataDir, 'checkpoints'));
  const subscriptions: Subscription[] = [];
  subscriptions.push(await startLedgerPosting(runtime.store, runtime.postOrder, checkpoints, runtime.postReattributedOrder));
  subscriptions.push(runtime.dueScheduler.start(runtime.store));
  const projections = new ProjectionRunner({
    eventStore: runtime.store,
    store: runtime.readModels,
    onError: (name, error) => console.error(`projection ${name}:`, error),
  });
  projections.start();
  runtime.projectionLag = () => projections.lag();
  const saga = new PayoutSaga({
    store: runtime.store,
    payouts: runtime.payouts,
    providers: payoutProvidersFromEnv(),
    clock: runtime.clock,
    checkpoints,
    log: (line) => console.log(line),
  });
  await saga.start();
  runtime.payoutsNeedingAttention = () => saga.needsAttention();
  runtime.rebuildProjections = async (name) => {
    const rebuilt = await projections.rebuild(name);
    await projections.waitUntilCaughtUp();
    return rebuilt;
  };
  const timer = setInterval(() => {
    runtime.dueScheduler.tick().catch((error) => console.error('due scheduler:', error));
  }, runtime.config.dueTickMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await projections.stop();
      await saga.stop();
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    },
  };
};
