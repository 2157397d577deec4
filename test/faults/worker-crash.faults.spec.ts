import { EventLog, loadLedger } from '@threadtrak/application';
import { PROJECTION_NAMES } from '@threadtrak/read-models';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import {
  Deployment,
  seededRandom,
  sleep,
  waitFor,
  type ServiceProcess,
} from './support/deployment';
import { LogWatcher } from './support/log-watcher';
import { click, inParallel, setUpProgram, type Affiliate } from './support/program';
import { cleanRebuild, differences, projectedUpTo } from './support/rebuild';

/**
 * Issue 4's crash test and issue 8's "crash of the worker": the api and one worker run apart over Redis;
 * the api takes over 10 000 events (clicks, orders, refunds, payout requests); the worker is SIGKILLed
 * while it projects them (3 kills), while the due scheduler makes commissions due (2) and right after the
 * payout provider made a transfer, before the saga recorded it (3), and is started again each time.
 * Afterwards: the read models equal a clean rebuild key by key, no commission became due twice, and no
 * payout was sent twice.
 */
const AFFILIATES = 20;
const CLICKS = 5000;
const ORDERS = 2000;
/** Orders are paid on four instants; the hold is one day, so they become due in four waves. */
const PAID_AT = [
  '2026-03-01T12:00:00Z',
  '2026-03-02T12:00:00Z',
  '2026-03-03T12:00:00Z',
  '2026-03-03T18:00:00Z',
];

describe('the worker killed with SIGKILL while it projects, makes commissions due and pays, then restarted', () => {
  let deployment: Deployment;
  let stripe: FakeStripeServer;
  let affiliates: Affiliate[];
  let worker: ServiceProcess;
  const random = seededRandom();
  const kills: string[] = [];
  jest.setTimeout(300_000);

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_faults' });
    stripe.delayMs = 300; // the transfer is made, its answer comes later: a kill in between is the worst case
    deployment = await Deployment.create({
      redis: true,
      now: '2026-03-01T12:00:00.000Z',
      env: {
        STRIPE_SECRET_KEY: 'sk_test_faults',
        STRIPE_API_BASE: stripe.url,
        LEASE_TTL_MS: '2000',
      },
    });
    await deployment.startApi({ apiOnly: true });
    affiliates = await setUpProgram(deployment, AFFILIATES, { autoApproveBelowCents: 15_000 });
    worker = await deployment.startWorker();
  });
  afterAll(async () => {
    await deployment?.close();
    await stripe?.close();
  });

  /** Once the worker holds `lease`, waits (at most `timeoutMs`) for `moment`, then kills it and starts another. */
  const killWhen = async (
    lease: string,
    what: () => string,
    moment: () => Promise<boolean>,
    timeoutMs = 10_000,
  ) => {
    await worker.waitForOutput(new RegExp(`lease ${lease}: acquired`), 30_000);
    await sleep(random.between(0, 300));
    const until = Date.now() + timeoutMs;
    let met = false;
    while (!(met = await moment()) && Date.now() < until) await sleep(5);
    await worker.kill();
    kills.push(
      `kill ${kills.length + 1}: ${what()}${met ? '' : ' (moment not seen: killed at the deadline)'}`,
    );
    worker = await deployment.startWorker();
  };

  it('read models equal a clean rebuild; no commission due twice; no payout sent twice', async () => {
    const readModels = deployment.readModels();
    const watcher = new LogWatcher(deployment.store);
    const log = new EventLog(deployment.store);

    // 1. Shoppers click and buy (and some refund) while the worker projects; killed mid-projection 3 times:
    //    while a projection's checkpoint is moving and still behind the log.
    let seen = -1;
    let detail = '';
    const projecting = async () => {
      const head = await deployment.store.headPosition();
      const checkpoints = await Promise.all(
        PROJECTION_NAMES.map((name) => readModels.checkpoint(name)),
      );
      const moving = checkpoints.reduce((sum, checkpoint) => sum + checkpoint, 0);
      const behindBy = head - Math.min(...checkpoints);
      const now = seen >= 0 && moving !== seen && behindBy >= 20;
      seen = moving;
      if (now) detail = ` (head ${head}, read models at ${checkpoints.join(', ')})`;
      return now;
    };
    const feed = async () => {
      const bought: { clickId: string }[] = [];
      await inParallel(
        Array.from({ length: CLICKS }, (_, i) => i),
        12,
        async (i) => {
          const clickId = await click(
            deployment,
            affiliates[i % AFFILIATES]!.refCode,
            ['mug', 'tee', 'desk'][i % 3]!,
            i % 4 === 0 ? 'launch' : undefined,
          );
          if (i < ORDERS) bought.push({ clickId });
        },
      );
      deployment.setNow('2026-03-03T18:00:00.000Z'); // the commissions of the first two days become due meanwhile
      await inParallel(bought, 8, async ({ clickId }, i) => {
        const order = {
          orderId: `ord-${i}`,
          paidAt: PAID_AT[i % 4],
          currency: 'USD',
          clickId,
          lines: [{ productId: 'mug', quantity: 1, amountCents: 1000 + (i % 10) * 100 }],
        };
        const answer = await deployment.call('POST', '/v1/orders', { body: order });
        if (answer.status !== 201)
          throw new Error(`order ${i}: ${answer.status} ${JSON.stringify(answer.body)}`);
        if (i % 10 === 0)
          await deployment.call('POST', `/v1/orders/ord-${i}/refunds`, {
            body: { refundId: `ref-${i}`, refundedAt: '2026-03-03T18:00:00Z', amountCents: 500 },
          });
      });
    };
    await Promise.all([
      feed(),
      (async () => {
        for (let i = 0; i < 3; i++) {
          seen = -1;
          await killWhen('projections', () => `while projecting${detail}`, projecting);
        }
      })(),
    ]);

    // 2. The hold of the last two waves ends: killed as soon as the scheduler has begun appending CommissionDue.
    for (const now of ['2026-03-04T12:00:00.000Z', '2026-03-04T18:00:00.000Z']) {
      await worker.waitForOutput(/lease due-scheduler: acquired/, 30_000);
      const before = await watcher.count('CommissionDue');
      deployment.setNow(now);
      let dueNow = before;
      await killWhen(
        'due-scheduler',
        () => `while making commissions due (${now}; ${dueNow - before} had become due)`,
        async () => (dueNow = await watcher.count('CommissionDue')) > before,
      );
    }
    const expectedDue = await watcher.count('CommissionEarned');
    await waitFor(
      async () => (await watcher.count('CommissionDue')) >= expectedDue,
      'every commission to become due',
      120_000,
    );

    // 3. Every affiliate asks for the due balance (the large ones wait for an admin); killed right after a transfer.
    const payoutIds: string[] = [];
    const requests = inParallel(affiliates, 5, async (affiliate) => {
      const requested = await deployment.call('POST', '/v1/me/payouts', {
        token: affiliate.apiKey,
      });
      if (requested.status !== 201)
        throw new Error(
          `payout of ${affiliate.affiliateId}: ${requested.status} ${JSON.stringify(requested.body)}`,
        );
      payoutIds.push(requested.body.payoutId);
      if (requested.body.amountCents >= 15_000)
        await deployment.call('POST', `/v1/admin/payouts/${requested.body.payoutId}/approve`);
    });
    for (let i = 0; i < 3; i++) {
      const transfers = stripe.transfers.length;
      await killWhen(
        'payout-saga',
        () => `between a transfer and its PayoutSent (${transfers} transfers before)`,
        async () => stripe.transfers.length > transfers,
      );
    }
    await requests;
    await waitFor(
      async () => (await watcher.count('PayoutSent')) >= payoutIds.length,
      'every payout to be sent',
      120_000,
    );
    // A refund after the payout: a clawback, which the read models show as well.
    await deployment.call('POST', '/v1/orders/ord-1/refunds', {
      body: { refundId: 'late-1', refundedAt: '2026-03-04T18:00:00Z' },
    });

    const head = await deployment.store.headPosition();
    await waitFor(
      async () => (await projectedUpTo(readModels, PROJECTION_NAMES)) >= head,
      'the worker to project the whole log',
      120_000,
    );
    await sleep(500);
    expect(await deployment.store.headPosition()).toBe(head);

    const events = await watcher.catchUp();
    expect(events.length).toBeGreaterThan(10_000);
    const dueCount = new Map<string, number>();
    for (const event of events.filter((e) => e.type === 'CommissionDue')) {
      const { commissionId } = event.data as { commissionId: string };
      dueCount.set(commissionId, (dueCount.get(commissionId) ?? 0) + 1);
    }
    expect([...dueCount.entries()].filter(([, count]) => count > 1)).toEqual([]);
    expect(dueCount.size).toBe(expectedDue);

    const sentIds = events
      .filter((e) => e.type === 'PayoutSent')
      .map((e) => (e.data as { payoutId: string }).payoutId);
    expect(sentIds.sort()).toEqual([...payoutIds].sort());
    expect(stripe.transfers).toHaveLength(payoutIds.length);
    for (const payoutId of payoutIds) expect(stripe.transfersByKey.get(payoutId)).toBe(1);
    for (const affiliate of affiliates) {
      const { balances } = (await loadLedger(log, affiliate.affiliateId)).state;
      const paid = events.filter(
        (e) =>
          e.type === 'PayoutSent' &&
          (e.data as { affiliateId: string }).affiliateId === affiliate.affiliateId,
      );
      expect(balances.paidCents).toBe(
        paid.reduce((sum, e) => sum + (e.data as { amountCents: number }).amountCents, 0),
      );
    }

    const live = await readModels.dump();
    const rebuilt = await cleanRebuild(deployment.store);
    expect(Object.keys(live).length).toBeGreaterThan(1000);
    expect(differences(live, rebuilt)).toEqual([]);
    console.log(
      `${events.length} events; ${Object.keys(live).length} read-model keys equal a clean rebuild; ${dueCount.size} commissions due once; ` +
        `${payoutIds.length} payouts, ${stripe.transfers.length} transfers, ${stripe.requests.filter((r) => r.method === 'POST').length} transfer calls (seed ${random.seed})\n${kills.join('\n')}`,
    );
  });
});
