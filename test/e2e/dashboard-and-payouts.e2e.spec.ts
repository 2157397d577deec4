import { startTestApp, type TestApp } from './harness';

const day = (iso: string) => iso.slice(0, 10);

describe('dashboards and payout requests, end to end', () => {
  let app: TestApp;
  let jane: { affiliateId: string; apiKey: string };
  jest.setTimeout(60_000);

  beforeEach(async () => {
    app = await startTestApp({}, '2026-03-01T23:59:00.000Z');
    await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 30, minPayoutCents: 1000, defaultRateBps: 1000 },
    });
    await app.call('PUT', '/v1/admin/products/tee', {
      body: { name: 'Tee', url: 'https://shop.test/tee', eligible: true },
    });
    jane = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
  });
  afterEach(async () => app.close());

  const click = async (path: string, cookie?: string, userAgent = 'Mozilla/5.0 Firefox/130.0') => {
    const response = await fetch(`${app.baseUrl}${path}`, {
      redirect: 'manual',
      headers: { 'user-agent': userAgent, ...(cookie ? { cookie } : {}) },
    });
    const visitor = response.headers.get('set-cookie')!.split(';')[0]!;
    return {
      clickId: new URL(response.headers.get('location')!).searchParams.get('tt_click')!,
      cookie: visitor,
    };
  };
  const me = (path: string) => app.call('GET', path, { token: jane.apiKey });
  const caughtUp = async () => {
    const head = await app.head();
    await app.waitFor(async () => {
      const ready = await app.call('GET', '/readyz');
      return (
        Object.values(ready.body.projections as Record<string, number>).every((lag) => lag <= 0) &&
        (await app.head()) === head
      );
    }, 'projections to catch up');
  };

  it('clicks, unique clicks, sales and commissions land on the right UTC day, per campaign and per link kind', async () => {
    const first = await click('/r/jane?c=youtube');
    await click('/r/jane?c=youtube', first.cookie); // same visitor, same link, same day: not unique
    await click('/r/jane/p/tee', first.cookie); // another link: unique
    await click('/r/jane', undefined, 'Twitterbot/1.0'); // a bot: never counted
    app.setNow('2026-03-02T00:00:30.000Z');
    await click('/r/jane?c=youtube', first.cookie); // the next UTC day: unique again
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-1',
        paidAt: '2026-03-02T00:00:40Z',
        currency: 'USD',
        clickId: first.clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 2500 }],
      },
    });
    await caughtUp();

    const dashboard = await me('/v1/me/dashboard?from=2026-03-01&to=2026-03-02');
    expect(dashboard.status).toBe(200);
    expect(dashboard.body.currency).toBe('USD');
    expect(dashboard.body.totals).toMatchObject({
      clicks: 4,
      uniqueClicks: 3,
      sales: 1,
      revenueCents: 2500,
      commissionCents: 250,
    });
    expect(dashboard.body.byDay).toEqual([
      expect.objectContaining({ date: '2026-03-01', clicks: 3, uniqueClicks: 2, sales: 0 }),
      expect.objectContaining({
        date: '2026-03-02',
        clicks: 1,
        uniqueClicks: 1,
        sales: 1,
        commissionCents: 250,
      }),
    ]);
    expect(dashboard.body.byCampaign).toEqual([
      expect.objectContaining({ campaign: 'youtube', clicks: 3, sales: 1 }),
    ]);
    expect(dashboard.body.balance).toMatchObject({ pendingCents: 250, dueCents: 0, paidCents: 0 });
    const program = await app.call('GET', '/v1/admin/dashboard?from=2026-03-01&to=2026-03-02');
    expect(program.body.totals).toMatchObject({ clicks: 4, sales: 1 });
    expect(day(dashboard.body.byDay[1].date)).toBe('2026-03-02');

    const commissions = await me('/v1/me/commissions?status=pending');
    expect(commissions.body.items).toEqual([
      expect.objectContaining({ orderId: 'o-1', status: 'pending', amountCents: 250 }),
    ]);
  });

  it('earn → due → request → approve, with the balances on the dashboard at each step; fifty simultaneous requests give one payout', async () => {
    const { clickId } = await click('/r/jane');
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-2',
        paidAt: '2026-03-01T23:59:30Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 4, amountCents: 20000 }],
      },
    });
    expect((await me('/v1/me/payouts')).body).toEqual([]);
    const refused = await app.call('POST', '/v1/me/payouts', { token: jane.apiKey });
    expect(refused.body.error.code).toBe('no_payout_account');
    expect(
      (
        await app.call('PUT', '/v1/me/payout-account', {
          token: jane.apiKey,
          body: { method: 'paypal', email: 'jane.payouts@example.com' },
        })
      ).body,
    ).toEqual({ payoutAccount: { method: 'paypal', email: 'j***@example.com' } });
    expect((await app.call('POST', '/v1/me/payouts', { token: jane.apiKey })).body.error.code).toBe(
      'nothing_due',
    );

    app.setNow('2026-04-01T00:00:00Z');
    await app.waitFor(
      async () => (await app.balances(jane.affiliateId)).dueCents === 2000,
      'the commission to become due',
    );
    await caughtUp();
    expect((await me('/v1/me/dashboard?from=2026-03-01&to=2026-04-01')).body.balance).toMatchObject(
      { pendingCents: 0, dueCents: 2000 },
    );

    const answers = await Promise.all(
      Array.from({ length: 50 }, () => app.call('POST', '/v1/me/payouts', { token: jane.apiKey })),
    );
    const created = answers.filter((answer) => answer.status === 201);
    expect(created).toHaveLength(1);
    for (const answer of answers.filter((a) => a.status !== 201))
      expect([409, 422]).toContain(answer.status);
    expect(created[0]!.body).toMatchObject({
      amountCents: 2000,
      currency: 'USD',
      status: 'requested',
    });
    const payoutId = created[0]!.body.payoutId;
    await caughtUp();
    expect((await me('/v1/me/dashboard?from=2026-03-01&to=2026-04-01')).body.balance).toMatchObject(
      { dueCents: 0, requestedCents: 2000 },
    );
    expect((await app.call('GET', '/v1/admin/payouts?status=requested')).body.items).toEqual([
      expect.objectContaining({ payoutId, amountCents: 2000 }),
    ]);

    expect(
      (await app.call('POST', `/v1/admin/payouts/${payoutId}/approve`, { token: jane.apiKey }))
        .status,
    ).toBe(403);
    expect((await app.call('POST', `/v1/admin/payouts/${payoutId}/approve`)).status).toBe(200);
    expect((await app.call('POST', `/v1/admin/payouts/${payoutId}/approve`)).body.error.code).toBe(
      'payout_not_requested',
    );
    await caughtUp();
    expect((await me('/v1/me/payouts')).body).toEqual([
      expect.objectContaining({ payoutId, status: 'approved', method: 'paypal' }),
    ]);
  });

  it('an Idempotency-Key repeat answers the first payout', async () => {
    const { clickId } = await click('/r/jane');
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-3',
        paidAt: '2026-03-01T23:59:30Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 20000 }],
      },
    });
    await app.call('PUT', '/v1/me/payout-account', {
      token: jane.apiKey,
      body: { method: 'paypal', email: 'jane.payouts@example.com' },
    });
    app.setNow('2026-04-01T00:00:00Z');
    await app.waitFor(async () => (await app.balances(jane.affiliateId)).dueCents === 2000, 'due');
    const first = await app.call('POST', '/v1/me/payouts', {
      token: jane.apiKey,
      headers: { 'idempotency-key': 'k-1' },
    });
    const again = await app.call('POST', '/v1/me/payouts', {
      token: jane.apiKey,
      headers: { 'idempotency-key': 'k-1' },
    });
    expect(first.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(
      (
        await app.call('POST', '/v1/me/payouts', {
          token: jane.apiKey,
          headers: { 'idempotency-key': 'k-2' },
        })
      ).body.error.code,
    ).toBe('payout_open');
  });

  it('a rebuild from position 0 gives the same dashboard', async () => {
    const { clickId } = await click('/r/jane?c=ig');
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-4',
        paidAt: '2026-03-01T23:59:30Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 999 }],
      },
    });
    await caughtUp();
    const before = await me('/v1/me/dashboard?from=2026-03-01&to=2026-03-01');
    const rebuilt = await app.call('POST', '/v1/admin/projections/rebuild');
    expect(rebuilt.status).toBe(200);
    expect((await me('/v1/me/dashboard?from=2026-03-01&to=2026-03-01')).body).toEqual(before.body);
  });
});
