import { EventLog, loadLedger } from '@threadtrak/application';
import { isDeepStrictEqual } from 'node:util';
import Stripe from 'stripe';
import { lineItem } from '../../libs/payouts/testing/fake-stripe-commerce';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { Deployment, rounds, seededRandom, sleep, waitFor } from './support/deployment';
import { click } from './support/program';

/**
 * Issue 8, "redelivery and disorder", the long version of the case in test/e2e/stripe.e2e.spec.ts: each
 * round, random histories of several payments (paid, unpaid and ignored sessions, cumulative refunds,
 * disputes lost then won) go to two apps: one gets every Stripe event once, in order; the other gets each
 * event 10 times, all at once, shuffled, and retries any non-2xx delivery as Stripe would. The ledgers of
 * both apps end equal, balance by balance and order by order.
 */
const ROUNDS = rounds(20);
const SECRET = 'whsec_faults_secret';
const stripe = new Stripe('sk_test_faults');
const HOUR = 3600;
const base = Math.floor(Date.parse('2026-03-01T13:00:00Z') / 1000);

type Template = (clicks: Record<string, string>) => object;

/** One payment's Stripe events, in the order Stripe sent them; `clicks` maps a shopper to that app's click id. */
const history = (
  random: ReturnType<typeof seededRandom>,
  round: number,
  n: number,
  shopper: string,
  fake: FakeStripeServer,
): Template[] => {
  const pi = `pi_r${round}_${n}`;
  const amount = random.between(20, 80) * 100;
  // What Stripe answers when the app lists the paid session's line items.
  fake.commerce.sessionLineItems.set(`cs_${pi}`, [lineItem('price_tee', 'prod_tee', 1, amount)]);
  const event =
    (
      id: string,
      type: string,
      created: number,
      object: (clicks: Record<string, string>) => object,
    ): Template =>
    (clicks) => ({
      id: `evt_${pi}_${id}`,
      object: 'event',
      type,
      created,
      api_version: '2025-01-01',
      livemode: false,
      pending_webhooks: 1,
      request: null,
      data: { object: object(clicks) },
    });
  const events: Template[] = [
    event('open', 'checkout.session.completed', base, () => ({
      id: `cs_${pi}_open`,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'unpaid',
      payment_intent: null,
      amount_total: amount,
      currency: 'usd',
    })),
    event('created', 'payment_intent.created', base, () => ({
      id: pi,
      object: 'payment_intent',
      amount,
    })),
    event('paid', 'checkout.session.completed', base + 60, (clicks) => ({
      id: `cs_${pi}`,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      payment_intent: pi,
      client_reference_id: clicks[shopper],
      amount_total: amount,
      currency: 'usd',
      customer_details: { email: `${shopper}@buyers.test` },
    })),
  ];
  let refunded = 0;
  for (let r = 1; r <= random.between(0, 3) && refunded < amount; r++) {
    refunded = Math.min(amount, refunded + random.between(1, 10) * 100);
    const cumulative = refunded;
    events.push(
      event(`refund${r}`, 'charge.refunded', base + r * HOUR, () => ({
        id: `ch_${pi}`,
        object: 'charge',
        payment_intent: pi,
        amount,
        amount_refunded: cumulative,
      })),
    );
  }
  if (random.next() < 0.6) {
    const disputed = random.between(1, 10) * 100;
    const dispute = (status: string, _hours: number) => () => ({
      id: `dp_${pi}`,
      object: 'dispute',
      payment_intent: pi,
      charge: `ch_${pi}`,
      amount: disputed,
      status,
    });
    events.push(event('lost', 'charge.dispute.closed', base + 10 * HOUR, dispute('lost', 10)));
    if (random.next() < 0.5)
      events.push(event('won', 'charge.dispute.closed', base + 20 * HOUR, dispute('won', 20)));
    events.push(
      event('warning', 'charge.dispute.closed', base + 5 * HOUR, dispute('warning_closed', 5)),
    );
  }
  return events;
};

const signed = (event: object) => {
  const payload = JSON.stringify(event);
  return {
    payload,
    signature: stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }),
  };
};

/** Delivers until a 2xx, as Stripe does (it retries anything else). Returns the statuses seen. */
const deliver = async (deployment: Deployment, event: object): Promise<number[]> => {
  const statuses: number[] = [];
  for (;;) {
    const { payload, signature } = signed(event);
    const response = await fetch(`${deployment.baseUrl}/v1/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'stripe-signature': signature },
      body: payload,
    });
    const answer = await response.text();
    statuses.push(response.status);
    if (response.status < 300) return statuses;
    if (response.status < 500 && response.status !== 409)
      throw new Error(`delivery refused with ${response.status}: ${answer}`);
    await sleep(20);
  }
};

describe('every Stripe webhook type delivered 10 times, concurrently, shuffled: the same ledger as one ordered delivery', () => {
  let fakeStripe: FakeStripeServer;
  let ordered: Deployment;
  let shuffled: Deployment;
  const apps = () => [ordered, shuffled];
  const affiliateIds = new Map<Deployment, string[]>();
  jest.setTimeout(180_000);

  beforeAll(async () => {
    fakeStripe = await FakeStripeServer.start({ secretKey: 'sk_test_faults_commerce' });
    const env = {
      STRIPE_WEBHOOK_SECRET: SECRET,
      STRIPE_SECRET_KEY: 'sk_test_faults_commerce',
      STRIPE_API_BASE: fakeStripe.url,
    };
    [ordered, shuffled] = await Promise.all([0, 1].map(() => Deployment.create({ env })));
    for (const app of apps()) {
      await app.startApi();
      await app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
      await app.call('PUT', '/v1/admin/products/tee', {
        body: {
          name: 'Tee',
          url: 'https://shop.test/tee',
          stripePriceId: 'price_tee',
          eligible: true,
        },
      });
      const ids: string[] = [];
      for (const refCode of ['jane', 'max']) {
        ids.push(
          (
            await app.call('POST', '/v1/admin/affiliates', {
              body: {
                name: refCode,
                email: `${refCode}@example.com`,
                refCode,
                productScope: 'all',
              },
            })
          ).body.affiliateId,
        );
      }
      affiliateIds.set(app, ids);
    }
  });
  afterAll(async () => {
    await Promise.all(apps().map((app) => app?.close()));
    await fakeStripe?.close();
  });

  /** Balances per affiliate (by position, as ids differ between apps) and the net commission of each order. */
  const ledgerOf = async (app: Deployment) => {
    const log = new EventLog(app.store);
    const balances = [];
    const byOrder: Record<string, number> = {};
    for (const affiliateId of affiliateIds.get(app)!) {
      balances.push((await loadLedger(log, affiliateId)).state.balances);
      for await (const event of app.store.readStream(`ledger-${affiliateId}`)) {
        const data = event.data as { orderId?: string; amountCents: number };
        if (!data.orderId) continue;
        const sign =
          event.type === 'CommissionEarned' || event.type === 'CommissionRestored'
            ? 1
            : event.type === 'CommissionReversed'
              ? -1
              : 0;
        byOrder[data.orderId] = (byOrder[data.orderId] ?? 0) + sign * data.amountCents;
      }
    }
    const orders: Record<string, Record<string, number>> = {};
    for (const event of await app.events()) {
      if (!event.streamName.startsWith('order-')) continue;
      const counts = (orders[event.streamName] ??= {});
      counts[event.type] = (counts[event.type] ?? 0) + 1;
    }
    return {
      balances,
      byOrder,
      paid: Object.values(orders).map((counts) => counts.OrderPaid ?? 0),
    };
  };

  it(`${ROUNDS} rounds of random payment histories`, async () => {
    const random = seededRandom();
    const summary: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const shoppers = Array.from({ length: 4 }, (_, n) => `shopper-${round}-${n}`);
      const templates = shoppers.flatMap((shopper, n) =>
        history(random, round, n, shopper, fakeStripe),
      );
      const clicksIn = async (app: Deployment) => {
        const clicks: Record<string, string> = {};
        app.setNow('2026-03-01T12:00:00.000Z');
        for (const [n, shopper] of shoppers.entries())
          clicks[shopper] = await click(app, n % 2 ? 'max' : 'jane', 'tee');
        // Then the day of the payments passes: a Stripe order dated ahead of the app's clock is refused (400).
        app.setNow('2026-03-02T12:00:00.000Z');
        return clicks;
      };
      const inOrder = templates.map((template) => template({}) as { type: string });
      const orderedClicks = await clicksIn(ordered);
      for (const template of templates) await deliver(ordered, template(orderedClicks));

      const shuffledClicks = await clicksIn(shuffled);
      const deliveries = templates.flatMap((template) =>
        Array.from({ length: 10 }, () => template(shuffledClicks)),
      );
      for (let i = deliveries.length - 1; i > 0; i--) {
        const j = random.between(0, i);
        [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
      }
      const statuses = (
        await Promise.all(deliveries.map((event) => deliver(shuffled, event)))
      ).flat();
      expect(statuses.filter((status) => status >= 500)).toEqual([]);

      const ofRound = (ledger: Awaited<ReturnType<typeof ledgerOf>>) =>
        Object.fromEntries(
          Object.entries(ledger.byOrder).filter(([orderId]) => orderId.startsWith(`pi_r${round}_`)),
        );
      const expected = await ledgerOf(ordered);
      const actual = await waitFor(
        async () => {
          const now = await ledgerOf(shuffled);
          return isDeepStrictEqual(ofRound(now), ofRound(expected)) && now;
        },
        'the shuffled ledger to settle',
        3_000,
      ).catch(() => ledgerOf(shuffled));
      const differing = Object.keys(ofRound(expected)).filter(
        (orderId) => expected.byOrder[orderId] !== actual.byOrder[orderId],
      );
      if (differing.length) {
        const story = inOrder
          .filter((event) =>
            differing.some((orderId) => JSON.stringify(event).includes(`"${orderId}"`)),
          )
          .map(
            (event) =>
              `${event.type} ${JSON.stringify((event as unknown as { data: { object: unknown } }).data.object)}`,
          );
        console.log(
          `seed ${random.seed}, round ${round}: ${differing.map((id) => `${id} ordered ${expected.byOrder[id]} shuffled ${actual.byOrder[id]}`).join('; ')}\n${story.join('\n')}`,
        );
      }
      expect(
        differing.map((orderId) => ({
          orderId,
          ordered: expected.byOrder[orderId],
          shuffled: actual.byOrder[orderId],
        })),
      ).toEqual([]);
      expect(actual).toEqual(expected);
      expect(expected.paid.every((count) => count === 1)).toBe(true);
      summary.push(
        `round ${round}: ${inOrder.length} Stripe events (${new Set(inOrder.map((e) => e.type)).size} types), ${deliveries.length} deliveries, ${statuses.filter((s) => s === 409).length} answered 409 and were retried`,
      );
    }
    console.log(`${summary.join('\n')}\nseed ${random.seed}`);
  });
});
