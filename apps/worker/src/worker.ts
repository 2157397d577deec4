import {
  LeaseHolder,
  LogCheckpoints,
  PayoutSaga,
  type Leases,
  type Running,
  type Runtime,
} from '@threadtrak/application';

export interface Worker {
  stop(): Promise<void>;
}

/**
 * The payout saga, the one log consumer not yet run by the LogProcessorHost: from its own subscription,
 * under its lease (with REDIS_URL several workers may run, and it runs only where its lease is held:
 * docs/reliability.md). Its checkpoint lives in the event store and is verified against the log at every
 * start (LogCheckpoints).
 */
export const startWorker = async (runtime: Runtime, leases: Leases): Promise<Worker> => {
  const checkpoints = new LogCheckpoints(runtime.store, { log: (line) => console.warn(line) });
  const holders: LeaseHolder[] = [];
  const leased = async (name: string, start: (token: number) => Promise<Running>) => {
    const holder = new LeaseHolder(leases.lease(name), start, {
      ttlMs: leases.ttlMs,
      log: (line) => console.log(line),
    });
    holders.push(holder);
    await holder.begin();
  };

  // Why a payout waits for an operator is recorded in the log; the api reads it from the payouts read model.
  await leased('payout-saga', () => startSaga(runtime, checkpoints));

  return {
    async stop() {
      await Promise.all(holders.map((holder) => holder.stop()));
      await checkpoints.flush();
    },
  };
};

const startSaga = async (runtime: Runtime, checkpoints: LogCheckpoints): Promise<Running> => {
  const saga = new PayoutSaga({
    store: runtime.store,
    payouts: runtime.payouts,
    providers: runtime.payoutProviders,
    clock: runtime.clock,
    checkpoints,
    log: (line) => console.log(line),
  });
  await saga.start();
  return saga;
};
