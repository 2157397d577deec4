import { Redis } from 'ioredis';
import { PROJECTION_NAMES } from '@threadtrak/read-models';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { Deployment, REDIS_URL, rounds, waitFor, type ServiceProcess } from './support/deployment';
import { LEASES, leaseTimeline } from './support/lease-timeline';
import { LogWatcher } from './support/log-watcher';
import { click, inParallel, setUpProgram, type Affiliate } from './support/program';
import { cleanRebuild, differences, projectedUpTo } from './support/rebuild';

/**
 * Issue 8, "two workers at once": three worker replicas over Redis with the production lease (5 s ttl).
 * Each consumer (ledger posting, due scheduler, each projection, the payout saga) runs in one worker at a
 * time. Each round the saga's holder is SIGKILLed right after a transfer (or, every other round, stopped
 * with SIGTERM), another worker takes over within 10 s, a new replica joins, and nothing is doubled.
 */
const ROUNDS = rounds(6);
const REPLICAS = 3;
const AFFILIATES = 8;

describe('several worker replicas: each consumer runs in one place at a time', () => {
  let deployment: Deployment;
  let stripe: FakeStripeServer;
  let affiliates: Affiliate[];
  const redis = new Redis(REDIS_URL);
  jest.setTimeout(300_000);

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_replicas' });
    stripe.delayMs = 300;
    deployment = await Deployment.create({
      redis: true,
      now: '2026-04-01T12:00:00.000Z',
      env: { STRIPE_SECRET_KEY: 'sk_test_replicas', STRIPE_API_BASE: stripe.url },
    });
    await deployment.startApi({ apiOnly: true });
    affiliates = await setUpProgram(deployment, AFFILIATES, { autoApproveBelowCents: 1_000_000 });
  });
  afterAll(async () => {
    await redis.quit();
    await deployment?.close();
    await stripe?.close();
  });

  const holderOf = async (lease: string) => {
    const value = await redis.get(`${deployment.prefix}lease:${lease}`);
    return value ? Number(value.split(':')[1]) : null;
  };

  it(`the holder killed ${ROUNDS} times: another takes over within 10 s, no overlap, nothing doubled`, async () => {
    const workers: ServiceProcess[] = [];
    for (let i = 0; i < REPLICAS; i++) workers.push(await deployment.startWorker());
    const watcher = new LogWatcher(deployment.store);
    const readModels = deployment.readModels();
    const payoutIds: string[] = [];
    const report: string[] = [];
    let day = 1;

    for (let round = 1; round <= ROUNDS; round++) {
      // Shoppers buy through every affiliate; the clock moves on so the previous round's commissions are due.
      const clickIds: string[] = [];
      await inParallel(
        Array.from({ length: 80 }, (_, i) => i),
        8,
        async (i) =>
          void clickIds.push(await click(deployment, affiliates[i % AFFILIATES]!.refCode, 'tee')),
      );
      const paidAt = `2026-04-${String(day).padStart(2, '0')}T12:00:00Z`;
      await inParallel(clickIds, 8, async (clickId, i) => {
        const answer = await deployment.call('POST', '/v1/orders', {
          body: {
            orderId: `r${round}-${i}`,
            paidAt,
            currency: 'USD',
            clickId,
            lines: [{ productId: 'tee', quantity: 1, amountCents: 3000 }],
          },
        });
        if (answer.status !== 201)
          throw new Error(`order: ${answer.status} ${JSON.stringify(answer.body)}`);
      });
      day += 2;
      deployment.setNow(`2026-04-${String(day).padStart(2, '0')}T12:00:00.000Z`);
      const due = await watcher.count('CommissionEarned');
      await waitFor(
        async () => (await watcher.count('CommissionDue')) >= due,
        'the commissions to become due',
        30_000,
      );
      await inParallel(affiliates, 4, async (affiliate) => {
        const requested = await deployment.call('POST', '/v1/me/payouts', {
          token: affiliate.apiKey,
        });
        if (requested.status === 201) payoutIds.push(requested.body.payoutId);
        else if (requested.status !== 422)
          throw new Error(`payout: ${requested.status} ${JSON.stringify(requested.body)}`);
      });

      // The saga's holder goes away mid-payment.
      const pid = await waitFor(() => holderOf('payout-saga'), 'a saga holder');
      const holder = workers.find((worker) => worker.pid === pid && worker.running)!;
      const transfers = stripe.transfers.length;
      await waitFor(async () => stripe.transfers.length > transfers, 'a transfer', 10_000).catch(
        () => undefined,
      );
      const graceful = round % 2 === 0;
      const held = await Promise.all(
        LEASES.map(async (lease) => [lease, await holderOf(lease)] as const),
      );
      const goneAt = Date.now();
      if (graceful) await holder.stop();
      else await holder.kill();
      await waitFor(
        async () => {
          const pids = await Promise.all(LEASES.map(holderOf));
          return pids.every((each) => each !== null && each !== pid);
        },
        'every lease to be held by a live worker',
        15_000,
      );
      const takeover = Date.now() - goneAt;
      report.push(
        `round ${round}: ${graceful ? 'SIGTERM' : 'SIGKILL'} to the saga's holder (it held ${held.filter(([, p]) => p === pid).length} of ${LEASES.length} leases) after ${stripe.transfers.length - transfers} new transfers; every lease held again after ${takeover} ms`,
      );
      expect(takeover).toBeLessThan(10_000);
      workers.push(await deployment.startWorker());
    }

    await waitFor(
      async () => (await watcher.count('PayoutSent')) >= payoutIds.length,
      'every payout to be sent',
      60_000,
    );
    const head = await deployment.store.headPosition();
    await waitFor(
      async () => (await projectedUpTo(readModels, PROJECTION_NAMES)) >= head,
      'the read models to catch up',
      60_000,
    );

    const timeline = leaseTimeline(workers);
    expect(timeline.overlaps).toEqual([]);
    expect(timeline.takeovers.filter((takeover) => takeover.ms >= 10_000)).toEqual([]);
    const events = await watcher.catchUp();
    const dueIds = events
      .filter((e) => e.type === 'CommissionDue')
      .map((e) => (e.data as { commissionId: string }).commissionId);
    expect(new Set(dueIds).size).toBe(dueIds.length);
    expect(payoutIds.length).toBeGreaterThanOrEqual(AFFILIATES);
    const sent = events
      .filter((e) => e.type === 'PayoutSent')
      .map((e) => (e.data as { payoutId: string }).payoutId);
    expect(sent.sort()).toEqual([...payoutIds].sort());
    expect(stripe.transfers).toHaveLength(payoutIds.length);
    for (const payoutId of payoutIds) expect(stripe.transfersByKey.get(payoutId)).toBe(1);
    const earned = events
      .filter((e) => e.type === 'CommissionEarned')
      .map((e) => (e.data as { commissionId: string }).commissionId);
    expect(new Set(earned).size).toBe(earned.length);
    expect(differences(await readModels.dump(), await cleanRebuild(deployment.store))).toEqual([]);
    const slowest = Math.max(...timeline.takeovers.map((takeover) => takeover.ms));
    const spread = new Set(LEASES.map((lease) => timeline.holders.get(lease)?.worker));
    console.log(
      `${report.join('\n')}\nat the end the ${LEASES.length} leases are held by ${spread.size} workers\n${timeline.acquisitions} lease acquisitions, no overlap; slowest takeover ${slowest} ms; ${payoutIds.length} payouts, ${stripe.transfers.length} transfers; ${events.length} events`,
    );
  });
});
