import { startTestApp, type TestApp, BROWSER } from './harness';

/**
 * Issue 8, "authorization matrix": every route × {no token, bad token, affiliate A, affiliate B, suspended
 * affiliate, admin} → the expected status. Affiliate A never sees B's data, never approves a payout,
 * never reads the audit.
 */
type Caller = 'none' | 'bad' | 'a' | 'b' | 'suspended' | 'admin';
const CALLERS: Caller[] = ['none', 'bad', 'a', 'b', 'suspended', 'admin'];

/** What each kind of route answers to each caller; `own` is the route's own answer for its rightful caller. */
const adminOnly = (own: number) => ({
  none: 401,
  bad: 401,
  a: 403,
  b: 403,
  suspended: 403,
  admin: own,
});
/** A suspended affiliate's key opens nothing: 403 affiliate_suspended on every `/v1/me` route. */
const affiliateOnly = (own: number) => ({
  none: 401,
  bad: 401,
  a: own,
  b: own,
  suspended: 403,
  admin: 403,
});
const orderSource = (own: number) => ({
  none: 401,
  bad: 401,
  a: 403,
  b: 403,
  suspended: 403,
  admin: own,
});
const everyone = (status: number) => ({
  none: status,
  bad: status,
  a: status,
  b: status,
  suspended: status,
  admin: status,
});

describe('who may call what: every route against every kind of caller', () => {
  let app: TestApp;
  const keys: Record<string, string> = {};
  const ids: Record<string, string> = {};
  jest.setTimeout(60_000);

  beforeAll(async () => {
    app = await startTestApp({}, '2026-06-01T12:00:00.000Z');
    await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 0, minPayoutCents: 1000, defaultRateBps: 1000 },
    });
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    for (const who of ['a', 'b', 'suspended']) {
      const registered = (
        await app.call('POST', '/v1/admin/affiliates', {
          body: {
            name: who,
            email: `${who}@example.com`,
            refCode: `ref-${who}`,
            productScope: 'all',
          },
        })
      ).body;
      keys[who] = registered.apiKey;
      ids[who] = registered.affiliateId;
      await app.call('PUT', '/v1/me/payout-account', {
        token: registered.apiKey,
        body: { method: 'paypal', email: `${who}.payouts@example.com` },
      });
      const clicked = await fetch(`${app.baseUrl}/r/ref-${who}/p/lamp`, {
        redirect: 'manual',
        headers: BROWSER,
      });
      const clickId = new URL(clicked.headers.get('location')!).searchParams.get('tt_click')!;
      await app.call('POST', '/v1/orders', {
        body: {
          orderId: `order-${who}`,
          paidAt: '2026-06-01T12:00:00Z',
          currency: 'USD',
          clickId,
          lines: [{ productId: 'lamp', quantity: 1, amountCents: 20000 }],
        },
      });
      await app.waitFor(
        async () => (await app.balances(registered.affiliateId)).dueCents === 2000,
        'due',
      );
      ids[`payout-${who}`] = (
        await app.call('POST', '/v1/me/payouts', { token: registered.apiKey })
      ).body.payoutId;
    }
    await app.call('PATCH', `/v1/admin/affiliates/${ids.suspended}`, {
      body: { status: 'suspended' },
    });
    keys.admin = 'admin-secret-token-for-e2e';
    keys.bad = 'ttk_aff_0000000000000000_forged-secret';
  });
  afterAll(async () => app?.close());

  const tokenOf = (caller: Caller) => (caller === 'none' ? null : keys[caller]!);

  /** [route, expected per caller, body?]. Routes that change state come last, so earlier rows see the same world. */
  const matrix = (): [string, Record<Caller, number>, unknown?][] => [
    ['GET /healthz', everyone(200)],
    ['GET /readyz', everyone(200)],
    ['GET /r/ref-a', everyone(302)],
    ['GET /v1/me', affiliateOnly(200)],
    ['GET /v1/me/links', affiliateOnly(200)],
    ['GET /v1/me/qr?format=svg', affiliateOnly(200)],
    ['GET /v1/me/dashboard', affiliateOnly(200)],
    ['GET /v1/me/commissions', affiliateOnly(200)],
    ['GET /v1/me/payouts', affiliateOnly(200)],
    ['GET /v1/me/api-keys', affiliateOnly(200)],
    ['GET /v1/admin/rules', adminOnly(200)],
    ['GET /v1/admin/affiliates', adminOnly(200)],
    ['GET /v1/admin/payouts', adminOnly(200)],
    ['GET /v1/admin/payouts/attention', adminOnly(200)],
    [`GET /v1/admin/orders/order-a`, adminOnly(200)],
    ['GET /v1/admin/audit', adminOnly(200)],
    ['GET /v1/admin/dashboard', adminOnly(200)],
    [
      'POST /v1/admin/reattributions',
      adminOnly(200),
      { from: '2026-05-01T00:00:00Z', to: '2026-07-01T00:00:00Z', dryRun: true },
    ],
    // Their open payouts make a second one 422; the suspended affiliate is refused before any of that.
    ['POST /v1/me/payouts', affiliateOnly(422)],
    ['POST /v1/me/api-keys', affiliateOnly(201)],
    ['DELETE /v1/me/api-keys/key_0000000000000000', affiliateOnly(404)],
    [
      'PUT /v1/me/payout-account',
      affiliateOnly(200),
      { method: 'stripe_connect', accountId: 'acct_matrix0001' },
    ],
    [
      'POST /v1/orders',
      orderSource(201),
      {
        orderId: 'matrix-order',
        paidAt: '2026-06-01T12:00:00Z',
        currency: 'USD',
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 100 }],
      },
    ],
    [
      'POST /v1/orders/order-b/refunds',
      orderSource(201),
      { refundId: 'matrix-refund', refundedAt: '2026-06-01T12:00:00Z', amountCents: 100 },
    ],
    ['POST /v1/webhooks/stripe', everyone(404), {}],
    [
      'PUT /v1/admin/products/desk',
      adminOnly(200),
      { name: 'Desk', url: 'https://shop.test/desk', eligible: true },
    ],
    [`PATCH /v1/admin/affiliates/${ids.b}`, adminOnly(200), { rateBps: 1200 }],
    ['POST /v1/admin/projections/rebuild', adminOnly(200)],
    [`POST /v1/admin/payouts/${ids['payout-b']}/reject`, adminOnly(200), { reason: 'matrix' }],
    [`POST /v1/admin/payouts/${ids['payout-a']}/approve`, adminOnly(200)],
    ['PUT /v1/admin/rules', adminOnly(200), { holdDays: 0 }],
    [
      'POST /v1/admin/affiliates',
      adminOnly(201),
      { name: 'New', email: 'new@example.com', productScope: 'all' },
    ],
  ];

  it('every route answers each caller with the expected status', async () => {
    const wrong: string[] = [];
    let rows = 0;
    for (const [route, expected, body] of matrix()) {
      const [method, path] = route.split(' ') as [string, string];
      // Callers in this order: the admin last, so a row's state changes come after every refusal was checked.
      for (const caller of CALLERS) {
        const answer = await app.call(method, path, {
          token: tokenOf(caller),
          ...(body !== undefined ? { body } : {}),
        });
        rows++;
        if (answer.status !== expected[caller])
          wrong.push(
            `${route} as ${caller}: ${answer.status} (expected ${expected[caller]}) ${JSON.stringify(answer.body).slice(0, 120)}`,
          );
        if (answer.status >= 400 && answer.status !== 404)
          expect(answer.body.error).toEqual(
            expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
          );
        if (caller === 'suspended' && path.startsWith('/v1/me'))
          expect([route, answer.body.error?.code]).toEqual([route, 'affiliate_suspended']);
      }
    }
    expect(wrong).toEqual([]);
    expect(rows).toBe(matrix().length * CALLERS.length);
  });

  it("affiliate A's answers never carry B's data", async () => {
    const theirs = [ids.b!, ids['payout-b']!, 'order-b', 'b.payouts@example.com', 'ref-b'];
    for (const path of [
      '/v1/me',
      '/v1/me/links',
      '/v1/me/dashboard?from=2026-05-01&to=2026-06-30',
      '/v1/me/commissions',
      '/v1/me/payouts',
    ]) {
      const answer = await app.call('GET', path, { token: keys.a });
      expect(answer.status).toBe(200);
      const text = JSON.stringify(answer.body);
      for (const secret of theirs) expect([path, text.includes(secret)]).toEqual([path, false]);
    }
    const mine = (await app.call('GET', '/v1/me/commissions', { token: keys.a })).body.items;
    expect(mine.map((item: { orderId: string }) => item.orderId)).toEqual(['order-a']);
  });

  it('affiliate A never approves or rejects a payout, its own included, and never reads the audit', async () => {
    const before = await app.head();
    for (const payoutId of [ids['payout-a'], ids['payout-b'], ids['payout-suspended']]) {
      expect(
        (await app.call('POST', `/v1/admin/payouts/${payoutId}/approve`, { token: keys.a })).status,
      ).toBe(403);
      expect(
        (
          await app.call('POST', `/v1/admin/payouts/${payoutId}/reject`, {
            token: keys.a,
            body: { reason: 'mine' },
          })
        ).status,
      ).toBe(403);
    }
    expect((await app.call('GET', '/v1/admin/audit', { token: keys.a })).status).toBe(403);
    expect(
      (await app.call('GET', `/v1/admin/audit?at=2026-06-01T00:00:00Z`, { token: keys.b })).status,
    ).toBe(403);
    expect(await app.head()).toBe(before);
  });
});
