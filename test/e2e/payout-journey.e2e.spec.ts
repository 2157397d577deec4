import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { startTestApp, type TestApp, BROWSER } from './harness';

/** "Payouts are processed after commissions become due and your request is approved/processed." */
describe('a payout journey: earn → due → request → approve → sent, with the dashboard balance at each step', () => {
  let app: TestApp;
  let stripe: FakeStripeServer;
  jest.setTimeout(60_000);

  beforeEach(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_payouts' });
    app = await startTestApp(
      { STRIPE_SECRET_KEY: 'sk_test_payouts', STRIPE_API_BASE: stripe.url },
      '2026-05-01T10:00:00.000Z',
    );
  });
  afterEach(async () => {
    await app.close();
    await stripe.close();
  });

  it('pays the due balance once through Stripe Connect, and a refund after payout leaves a negative balance', async () => {
    await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 30, minPayoutCents: 1000, defaultRateBps: 1000 },
    });
    await app.call('PUT', '/v1/admin/products/desk', {
      body: { name: 'Desk', url: 'https://shop.test/desk', eligible: true },
    });
    const jane = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    const balance = async () => {
      const head = await app.head();
      await app.waitFor(
        async () =>
          Object.values(
            (await app.call('GET', '/readyz')).body.projections as Record<string, number>,
          ).every((lag) => lag <= 0) && (await app.head()) === head,
        'projections',
      );
      return (
        await app.call('GET', '/v1/me/dashboard?from=2026-05-01&to=2026-06-30', {
          token: jane.apiKey,
        })
      ).body.balance;
    };

    const click = await fetch(`${app.baseUrl}/r/jane/p/desk`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'desk-1',
        paidAt: '2026-05-01T10:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'desk', quantity: 1, amountCents: 60000 }],
      },
    });
    expect(await balance()).toMatchObject({
      pendingCents: 6000,
      dueCents: 0,
      requestedCents: 0,
      paidCents: 0,
    });

    await app.call('PUT', '/v1/me/payout-account', {
      token: jane.apiKey,
      body: { method: 'stripe_connect', accountId: 'acct_jane000001' },
    });
    app.setNow('2026-05-31T10:00:00Z');
    await app.waitFor(async () => (await app.balances(jane.affiliateId)).dueCents === 6000, 'due');
    expect(await balance()).toMatchObject({ pendingCents: 0, dueCents: 6000 });

    const requested = await app.call('POST', '/v1/me/payouts', { token: jane.apiKey });
    expect(requested.status).toBe(201);
    expect(await balance()).toMatchObject({ dueCents: 0, requestedCents: 6000 });
    expect(stripe.transfers).toHaveLength(0); // waits for an admin: the auto-approve limit is 0

    expect(
      (await app.call('POST', `/v1/admin/payouts/${requested.body.payoutId}/approve`)).status,
    ).toBe(200);
    await app.waitFor(
      async () => (await app.balances(jane.affiliateId)).paidCents === 6000,
      'the payout to be sent',
      20_000,
    );
    expect(await balance()).toMatchObject({ dueCents: 0, requestedCents: 0, paidCents: 6000 });
    expect(stripe.transfers).toHaveLength(1);
    expect(stripe.transfersByKey.get(requested.body.payoutId)).toBe(1);
    expect(stripe.transfers[0]).toMatchObject({
      amount: 6000,
      currency: 'usd',
      destination: 'acct_jane000001',
    });
    const payouts = (await app.call('GET', '/v1/me/payouts', { token: jane.apiKey })).body;
    expect(payouts).toEqual([
      expect.objectContaining({
        payoutId: requested.body.payoutId,
        status: 'sent',
        method: 'stripe_connect',
        providerRef: stripe.transfers[0]!.id,
      }),
    ]);

    // A refund after the payout claws the commission back: the due balance goes negative.
    await app.call('POST', '/v1/orders/desk-1/refunds', {
      body: { refundId: 'late', refundedAt: '2026-06-02T10:00:00Z', amountCents: 30000 },
    });
    expect(await balance()).toMatchObject({
      dueCents: -3000,
      paidCents: 6000,
      reversedCents: 3000,
    });
    expect((await app.call('POST', '/v1/me/payouts', { token: jane.apiKey })).body.error.code).toBe(
      'nothing_due',
    );
  });
});
