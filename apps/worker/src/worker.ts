import { FileCheckpoints, MemoryCheckpoints, startLedgerPosting, type Runtime } from '@threadtrak/application';
import type { Subscription } from '@threadtrak/event-store';
import { join } from 'node:path';

export interface Worker {
  stop(): Promise<void>;
}

/**
 * Everything that consumes the log: ledger posting, the due-date scheduler (and, as they land, the
 * projections and the payout saga). Each runs from a subscription; each is idempotent.
 */
export const startWorker = async (runtime: Runtime, options: { inMemoryCheckpoints?: boolean } = {}): Promise<Worker> => {
  const checkpoints = options.inMemoryCheckpoints ? new MemoryCheckpoints() : new FileCheckpoints(join(runtime.config.dataDir, 'checkpoints'));
  const subscriptions: Subscription[] = [];
  subscriptions.push(await startLedgerPosting(runtime.store, runtime.postOrder, checkpoints));
  subscriptions.push(runtime.dueScheduler.start(runtime.store));
  const timer = setInterval(() => {
    runtime.dueScheduler.tick().catch((error) => console.error('due scheduler:', error));
  }, runtime.config.dueTickMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
    },
  };
};
