import {
  LeaseHolder,
  LogCheckpoints,
  startWebhookDeliveries,
  type Leases,
  type Running,
  type Runtime,
} from '@threadtrak/application';
import type { Subscription } from '@threadtrak/event-store';
import { ProjectionRunner } from '@threadtrak/read-models';

export interface Worker {
  stop(): Promise<void>;
}

/**
 * The log's consumers not yet run by the LogProcessorHost: the due-date scheduler, the projections and
 * the outbound webhooks. Each runs from a subscription, is idempotent, and runs in one process at a time: with REDIS_URL
 * several workers may run, and each consumer runs only where its lease is held (docs/reliability.md);
 * without it there is one process (it holds the data folder's lock) and every lease is granted at once.
 * Checkpoints live in the event store and are verified against the log at every start (LogCheckpoints).
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

  await leased('due-scheduler', () => startDueScheduler(runtime));

  // One lease for all projections: one runner reads the log once and feeds each of them.
  const projections = new ProjectionRunner({
    eventStore: runtime.store,
    store: runtime.readModels,
    onError: (name, error) => console.error(`projection ${name}:`, error),
    log: (line) => console.warn(line),
  });
  await leased('projections', async () => {
    projections.start();
    return projections;
  });

  // Outbound webhooks: their own lease and checkpoint, so a slow receiver holds up no other consumer.
  await leased('webhook-deliveries', () =>
    resubscribing('webhook deliveries', () =>
      startWebhookDeliveries(runtime, checkpoints, (line) => console.log(line)),
    ),
  );

  // A rebuild resets the store; the projections' holder, here or in another worker, replays them from 0.
  runtime.rebuildProjections = async (name) => {
    const rebuilt = await projections.rebuild(name);
    await projections.waitUntilCaughtUp();
    return rebuilt;
  };

  return {
    async stop() {
      await Promise.all(holders.map((holder) => holder.stop()));
      await checkpoints.flush();
    },
  };
};

/**
 * The scheduler's subscription and its tick: the first tick as soon as it has read the log up to the head
 * it found at start (a restart never leaves due commissions waiting a whole period), then every period.
 * One tick at a time, and `stop` waits for the one running.
 */
const startDueScheduler = async (runtime: Runtime): Promise<Running> => {
  const scheduler = runtime.dueScheduler;
  const head = await runtime.store.headPosition();
  const subscription = await resubscribing('due scheduler', () => scheduler.start(runtime.store));
  let stopped = false;
  let ticking: Promise<unknown> | null = null;
  const tick = (before: () => Promise<unknown> = async () => undefined) => {
    if (ticking || stopped) return;
    ticking = before()
      .then(() => (stopped ? 0 : scheduler.tick()))
      .catch((error) => console.error('due scheduler:', error))
      .finally(() => (ticking = null));
  };
  tick(async () => {
    while (!stopped && scheduler.position < head)
      await new Promise((resolve) => setTimeout(resolve, 20));
  });
  const timer = setInterval(() => tick(), runtime.config.dueTickMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await subscription.stop();
    },
  };
};

/**
 * A subscription that fails for good (its handler threw, the store stayed unreachable) is logged and
 * started again from its checkpoint a second later, rather than leaving a lease held by a dead consumer.
 */
const resubscribing = async (
  name: string,
  subscribe: () => Subscription | Promise<Subscription>,
): Promise<Running> => {
  let stopped = false;
  let current: Subscription | null = null;
  let retry: NodeJS.Timeout | undefined;
  const again = (error: unknown) => {
    if (stopped) return;
    console.error(
      `${name}: ${error instanceof Error ? error.message : String(error)}; subscribing again in 1 s`,
    );
    retry = setTimeout(() => void attach().catch(again), 1000);
  };
  const attach = async () => {
    if (stopped) return;
    const subscription = await subscribe();
    current = subscription;
    if (stopped) await subscription.stop();
    subscription.done.catch(again);
  };
  await attach();
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      await current?.stop();
    },
  };
};
