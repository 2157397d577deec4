import Stripe from 'stripe';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { startTestApp, type TestApp, BROWSER } from './harness';

const WEBHOOK_SECRET = 'whsec_e2e_secret';
const stripe = new Stripe('sk_test_e2e');

const signed = (event: object, timestamp?: number) => {
  const payload = JSON.stringify(event);
  return {
    payload,
    signature: stripe.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      ...(timestamp ? { timestamp } : {}),
    }),
  };
};

describe('Stripe: purchase links open a Checkout Session; webhooks record orders, refunds and disputes', () => {
  let app: TestApp;
  let checkout: FakeStripeServer;
  let affiliateId: string;
  jest.setTimeout(60_000);

  beforeEach(async () => {
    checkout = await FakeStripeServer.start({ secretKey: 'sk_test_e2e' });
    checkout.commerce.prices.set('price_123', { unitAmount: 4000, product: 'prod_tee' });
    app = await startTestApp({
      STRIPE_SECRET_KEY: 'sk_test_e2e',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: checkout.url,
    });
    await app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
    await app.call('PUT', '/v1/admin/products/tee', {
      body: {
        name: 'Tee',
        url: 'https://shop.test/tee',
        stripePriceId: 'price_123',
        eligible: true,
      },
    });
    affiliateId = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body.affiliateId;
  });
  afterEach(async () => {
    await app.close();
    await checkout.close();
  });

  const webhook = (event: object, timestamp?: number) => {
    const { payload, signature } = signed(event, timestamp);
    return app.call('POST', '/v1/webhooks/stripe', {
      raw: payload,
      token: null,
      headers: { 'stripe-signature': signature },
    });
  };

  const event = (
    id: string,
    type: string,
    object: object,
    created = Math.floor(Date.parse('2026-01-10T12:00:00Z') / 1000),
  ) => ({
    id,
    object: 'event',
    type,
    created,
    api_version: '2025-01-01',
    livemode: false,
    pending_webhooks: 1,
    request: null,
    data: { object },
  });

  const purchase = async () => {
    const click = await fetch(`${app.baseUrl}/r/jane/buy/tee?c=spring`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    expect(click.status).toBe(302);
    const location = new URL(click.headers.get('location')!);
    expect(location.origin).toBe('https://checkout.stripe.test');
    const clickId = location.searchParams.get('tt_click')!;
    const created = checkout.requests
      .filter((request) => request.path === '/v1/checkout/sessions')
      .at(-1)!;
    expect(created.params).toMatchObject({
      client_reference_id: clickId,
      'line_items[0][price]': 'price_123',
      mode: 'payment',
    });
    const sessionId = location.pathname.split('/').at(-1)!;
    return event('evt_paid', 'checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      mode: 'payment',
      payment_status: 'paid',
      payment_intent: 'pi_1',
      client_reference_id: clickId,
      amount_total: 4000,
      currency: 'usd',
      customer_details: { email: 'buyer@example.com' },
    });
  };

  it('a paid checkout session becomes an attributed order with its commission', async () => {
    const paid = await purchase();
    const response = await webhook(paid);
    expect(response.status).toBe(200);
    expect(response.body.order).toEqual({
      orderId: 'pi_1',
      attributed: true,
      affiliateId,
      commissionCents: 400,
    });
  });

  it('every webhook delivered ten times, concurrently and shuffled, gives the same ledger as one ordered delivery', async () => {
    const paid = await purchase();
    const refunded = (cumulative: number, id: string, minute: number) =>
      event(
        id,
        'charge.refunded',
        {
          id: 'ch_1',
          object: 'charge',
          payment_intent: 'pi_1',
          amount: 4000,
          amount_refunded: cumulative,
        },
        Math.floor(Date.parse(`2026-01-11T12:${minute}:00Z`) / 1000),
      );
    const dispute = (status: string, id: string, day: number) =>
      event(
        id,
        'charge.dispute.closed',
        {
          id: 'dp_1',
          object: 'dispute',
          payment_intent: 'pi_1',
          charge: 'ch_1',
          amount: 1000,
          status,
        },
        Math.floor(Date.parse(`2026-01-${day}T12:00:00Z`) / 1000),
      );
    const events = [
      paid,
      refunded(1000, 'evt_r1', 10),
      refunded(2000, 'evt_r2', 20),
      dispute('lost', 'evt_d1', 15),
      dispute('won', 'evt_d2', 20),
    ];
    const deliveries = events
      .flatMap((e) => Array.from({ length: 10 }, () => e))
      .sort(() => Math.random() - 0.5);
    const answers = await Promise.all(deliveries.map((e) => webhook(e)));
    for (const answer of answers) expect([200, 409]).toContain(answer.status);
    // Conflicts (409) are retried by Stripe; deliver everything once more in order, as the retry would.
    for (const e of events) expect((await webhook(e)).status).toBe(200);
    // 4000 × 10 % = 400; refunds total 2000 of 4000 → 200 reversed; the dispute was lost, then won: net 0.
    expect(await app.balances(affiliateId)).toMatchObject({
      earnedCents: 400,
      reversedCents: 200,
      pendingCents: 200,
    });
    const orderEvents: string[] = [];
    for await (const recorded of app.store.readStream('order-pi_1'))
      orderEvents.push(recorded.type);
    expect(orderEvents.filter((type) => type === 'OrderPaid')).toHaveLength(1);
    expect(orderEvents.filter((type) => type === 'OrderRefunded').length).toBeLessThanOrEqual(2);
  });

  it('a bad signature and a signature older than five minutes are refused and record nothing', async () => {
    const paid = await purchase();
    const before = await app.head();
    const { payload } = signed(paid);
    const forged = await app.call('POST', '/v1/webhooks/stripe', {
      raw: payload,
      token: null,
      headers: { 'stripe-signature': 't=1,v1=deadbeef' },
    });
    expect(forged.status).toBe(400);
    const old = await webhook(paid, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('validation_failed');
    const unsigned = await app.call('POST', '/v1/webhooks/stripe', { raw: payload, token: null });
    expect(unsigned.status).toBe(400);
    expect(await app.head()).toBe(before);
  });
});
