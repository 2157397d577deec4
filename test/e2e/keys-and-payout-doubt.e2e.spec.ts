import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { BROWSER, startTestApp, type TestApp } from './harness';

/** Issue 11: key rotation, refused registrations, payout methods without a provider, and cancelling a parked payout. */
describe('keys, registrations and payouts in doubt', () => {
  let app: TestApp;
  let stripe: FakeStripeServer;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_doubt' });
    // PayPal absent; Stripe present.
    app = await startTestApp(
      {
        STRIPE_SECRET_KEY: 'sk_test_doubt',
        STRIPE_API_BASE: stripe.url,
        PAYPAL_CLIENT_ID: '',
        PAYPAL_CLIENT_SECRET: '',
      },
      '2026-06-01T12:00:00.000Z',
    );
    await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 0, minPayoutCents: 1000, defaultRateBps: 1000 },
    });
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
  });

  const register = async (refCode: string) =>
    (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: refCode, email: `${refCode}@example.com`, refCode, productScope: 'all' },
      })
    ).body as {
      affiliateId: string;
      apiKey: string;
    };

  /** An affiliate with 2,000 cents due. */
  const withDue = async (refCode: string) => {
    const affiliate = await register(refCode);
    const clicked = await fetch(`${app.baseUrl}/r/${refCode}/p/lamp`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(clicked.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: `order-${refCode}`,
        paidAt: '2026-06-01T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 20000 }],
      },
    });
    await app.waitFor(
      async () => (await app.balances(affiliate.affiliateId)).dueCents === 2000,
      'due',
    );
    return affiliate;
  };

  it('a new key works beside the old one; a revoked key is a 401; the list shows ids and dates, never a secret', async () => {
    const ann = await register('ann-keys');
    const me = (token: string) => app.call('GET', '/v1/me', { token });

    const issued = await app.call('POST', '/v1/me/api-keys', { token: ann.apiKey });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      keyId: expect.stringMatching(/^key_/),
      apiKey: expect.stringMatching(/^ttk_aff_/),
      createdAt: expect.any(String),
    });
    const fresh = issued.body.apiKey as string;
    expect((await me(fresh)).status).toBe(200);
    expect((await me(ann.apiKey)).status).toBe(200);

    const listed = await app.call('GET', '/v1/me/api-keys', { token: fresh });
    expect(listed.body).toHaveLength(2);
    expect(listed.body[1]).toEqual({ keyId: issued.body.keyId, createdAt: issued.body.createdAt });
    const text = JSON.stringify(listed.body);
    for (const secret of [ann.apiKey, fresh, 'keyHash', 'apiKey'])
      expect(text).not.toContain(secret);

    const first = listed.body[0].keyId as string;
    expect((await app.call('DELETE', `/v1/me/api-keys/${first}`, { token: fresh })).status).toBe(
      204,
    );
    expect((await me(ann.apiKey)).status).toBe(401);
    expect((await me(fresh)).status).toBe(200);
    expect((await app.call('DELETE', `/v1/me/api-keys/${first}`, { token: fresh })).status).toBe(
      404,
    );
    expect(
      (await app.call('DELETE', '/v1/me/api-keys/key_doesnotexist', { token: fresh })).body.error
        .code,
    ).toBe('api_key_not_found');

    // Revoking the key in use is allowed; it stops working at once.
    expect(
      (await app.call('DELETE', `/v1/me/api-keys/${issued.body.keyId}`, { token: fresh })).status,
    ).toBe(204);
    expect((await me(fresh)).status).toBe(401);
  });

  it('a refused registration leaves its ref code free', async () => {
    const refused = await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Bo', email: 'not-an-email', refCode: 'free-code', productScope: 'all' },
    });
    expect(refused.status).toBe(400);
    const registered = await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Bo', email: 'bo@example.com', refCode: 'free-code', productScope: 'all' },
    });
    expect(registered.status).toBe(201);
    expect(
      (
        await app.call('POST', '/v1/admin/affiliates', {
          body: { name: 'Cy', email: 'cy@example.com', refCode: 'free-code', productScope: 'all' },
        })
      ).status,
    ).toBe(409);
  });

  it('a payout request for a method with no configured provider is 422 payout_method_unavailable and changes nothing', async () => {
    const dee = await withDue('dee-paypal');
    await app.call('PUT', '/v1/me/payout-account', {
      token: dee.apiKey,
      body: { method: 'paypal', email: 'dee@example.com' },
    });
    const before = await app.head();

    const answer = await app.call('POST', '/v1/me/payouts', { token: dee.apiKey });

    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('payout_method_unavailable');
    expect(await app.head()).toBe(before);
    expect((await app.balances(dee.affiliateId)).dueCents).toBe(2000);
  });

  it('an admin cancels a payout parked by a refused provider: back to due, the audit holds, and it cannot be cancelled twice', async () => {
    const eve = await withDue('eve-stripe');
    await app.call('PUT', '/v1/me/payout-account', {
      token: eve.apiKey,
      body: { method: 'stripe_connect', accountId: 'acct_eve0000001' },
    });
    const { payoutId } = (await app.call('POST', '/v1/me/payouts', { token: eve.apiKey })).body;
    stripe.keyRevoked = true;
    expect((await app.call('POST', `/v1/admin/payouts/${payoutId}/approve`)).status).toBe(200);
    await app.waitFor(
      async () =>
        (
          (await app.call('GET', '/v1/admin/payouts/attention')).body as {
            payoutId: string;
            code: string;
          }[]
        ).find((p) => p.payoutId === payoutId && p.code === 'provider_auth'),
      'the payout to be parked',
    );
    expect((await app.balances(eve.affiliateId)).requestedCents).toBe(2000);

    const path = `/v1/admin/payouts/${payoutId}/cancel`;
    for (const body of [
      { reason: 'checked' },
      { reason: 'checked', providerChecked: 'true' },
      { reason: 'checked', providerChecked: false },
      { providerChecked: true },
    ]) {
      expect([body, (await app.call('POST', path, { body })).status]).toEqual([body, 400]);
    }
    const cancelled = await app.call('POST', path, {
      body: { reason: 'key revoked; Stripe shows no transfer', providerChecked: true },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ payoutId, status: 'cancelled', amountCents: 2000 });
    await app.waitFor(
      async () => (await app.balances(eve.affiliateId)).dueCents === 2000,
      'the amount back in due',
    );
    expect(stripe.transfers).toHaveLength(0);

    const again = await app.call('POST', path, {
      body: { reason: 'again', providerChecked: true },
    });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('payout_not_open');
    const audit = (await app.call('GET', '/v1/admin/audit')).body;
    expect(audit.invariants.filter((invariant: { ok: boolean }) => !invariant.ok)).toEqual([]);
    await app.waitFor(
      async () =>
        (await app.call('GET', '/v1/admin/payouts?status=cancelled')).body.items?.some(
          (p: { payoutId: string }) => p.payoutId === payoutId,
        ),
      'the cancelled payout listed',
    );
    stripe.keyRevoked = false;
  });
});
