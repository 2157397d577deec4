import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { ADMIN_TOKEN, startTestApp, type TestApp, BROWSER } from './harness';

const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

describe('with REDIS_URL the api and the worker run as separate processes', () => {
  let app: TestApp;
  let stripe: FakeStripeServer;
  const prefix = `tt:e2e:${randomBytes(4).toString('hex')}:`;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_split' });
    app = await startTestApp(
      {
        REDIS_URL,
        REDIS_PREFIX: prefix,
        STRIPE_SECRET_KEY: 'sk_test_split',
        STRIPE_API_BASE: stripe.url,
      },
      '2026-02-01T12:00:00.000Z',
      { split: true },
    );
  });
  afterAll(async () => {
    await app?.close();
    await stripe?.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a click and an order taken by the api show on the dashboard once the worker has projected them into Redis', async () => {
    await app.call('PUT', '/v1/admin/products/mug', {
      body: { name: 'Mug', url: 'https://shop.test/mug', eligible: true },
    });
    const jane = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    const click = await fetch(`${app.baseUrl}/r/jane/p/mug?c=newsletter`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'm-1',
        paidAt: '2026-02-01T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'mug', quantity: 1, amountCents: 1500 }],
      },
    });
    const dashboard = await app.waitFor(async () => {
      const answer = await app.call('GET', '/v1/me/dashboard?from=2026-02-01&to=2026-02-01', {
        token: jane.apiKey,
      });
      return answer.body.totals.sales === 1 && answer.body;
    }, 'the worker to project the sale');
    expect(dashboard.totals).toMatchObject({
      clicks: 1,
      uniqueClicks: 1,
      sales: 1,
      revenueCents: 1500,
      commissionCents: 150,
    });
    expect(dashboard.byCampaign).toEqual([
      expect.objectContaining({ campaign: 'newsletter', sales: 1 }),
    ]);
    const ready = await app.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.projections)).toEqual(
      expect.arrayContaining(['affiliate-stats', 'balances']),
    );
  });

  it('the api alone answers who holds each lease: the worker process, in /readyz and on /metrics', async () => {
    const names = [
      'ledger-posting',
      'due-scheduler',
      'projections',
      'payout-saga',
      'webhook-deliveries',
    ];
    const { leases } = (await app.call('GET', '/readyz')).body as {
      leases: Record<string, { owner: string; token: number; expiresInMs: number } | null>;
    };
    expect(Object.keys(leases).sort()).toEqual([...names].sort());
    const workerOwner = new RegExp(`^[^:|]+:${app.pids.worker}:[0-9a-f]{6}$`);
    for (const name of names)
      expect(leases[name]).toEqual({
        owner: expect.stringMatching(workerOwner),
        token: expect.any(Number),
        expiresInMs: expect.any(Number),
      });
    expect(new Set(names.map((name) => leases[name]!.owner)).size).toBe(1);
    expect(leases['payout-saga']!.expiresInMs).toBeGreaterThan(0);

    // A probe without credentials learns that the process is ready, not which hosts and pids run what.
    const probe = (await app.call('GET', '/readyz', { token: null })).body as Record<
      string,
      unknown
    >;
    expect(probe.status).toBe('ready');
    expect(probe).not.toHaveProperty('leases');
    expect(JSON.stringify(probe)).not.toContain(String(app.pids.worker));

    const metrics = (await app.call('GET', '/metrics')).body as string;
    const owner = leases['payout-saga']!.owner;
    for (const name of names)
      expect(metrics).toContain(`threadtrak_lease_holder{lease="${name}",owner="${owner}"} 1`);
  });

  it('a rebuild asked of the api alone is replayed from position 0 by the worker, to the same dashboard', async () => {
    const dashboard = async () =>
      (await app.call('GET', '/v1/admin/dashboard?from=2026-02-01&to=2026-02-01')).body;
    const before = await dashboard();
    expect(before.totals).toMatchObject({ clicks: 1, sales: 1 });
    const rebuilt = await app.call('POST', '/v1/admin/projections/rebuild');
    expect(rebuilt.status).toBe(200);
    expect(rebuilt.body.rebuilt).toEqual(expect.arrayContaining(['affiliate-stats', 'balances']));
    expect(rebuilt.body.headPosition).toBe(await app.head());
    expect(await dashboard()).toEqual(before);
  });

  it('a payout the provider refuses, parked by the saga in the worker, is in the api’s attention list with the provider’s answer', async () => {
    await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 0, minPayoutCents: 1000, defaultRateBps: 1000 },
    });
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    const eve = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Eve', email: 'eve@example.com', refCode: 'eve', productScope: 'all' },
      })
    ).body;
    const click = await fetch(`${app.baseUrl}/r/eve/p/lamp`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'lamp-1',
        paidAt: '2026-02-01T12:00:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 20000 }],
      },
    });
    await app.call('PUT', '/v1/me/payout-account', {
      token: eve.apiKey,
      body: { method: 'stripe_connect', accountId: 'acct_eve0000001' },
    });
    await app.waitFor(
      async () => (await app.balances(eve.affiliateId)).dueCents === 2000,
      'the commission to fall due in the worker',
    );
    const { payoutId } = (await app.call('POST', '/v1/me/payouts', { token: eve.apiKey })).body;
    stripe.keyRevoked = true;
    expect((await app.call('POST', `/v1/admin/payouts/${payoutId}/approve`)).status).toBe(200);

    const parked = await app.waitFor(async () => {
      const list = (await app.call('GET', '/v1/admin/payouts/attention')).body as {
        payoutId: string;
      }[];
      return list.find((payout) => payout.payoutId === payoutId);
    }, 'the api to list the payout the worker parked');
    expect(parked).toMatchObject({
      payoutId,
      affiliateId: eve.affiliateId,
      amountCents: 2000,
      status: 'approved',
      code: 'provider_auth',
      message: expect.any(String),
      since: expect.any(String),
      providerAnswer: {
        code: 'provider_auth',
        message: expect.any(String),
        at: expect.any(String),
      },
    });
    expect(stripe.transfers).toHaveLength(0);
    expect((await app.call('GET', '/readyz')).body.payoutsNeedingAttention).toBe(1);

    const cancelled = await app.call('POST', `/v1/admin/payouts/${payoutId}/cancel`, {
      body: { reason: 'key revoked; Stripe shows no transfer', providerChecked: true },
    });
    expect(cancelled.status).toBe(200);
    await app.waitFor(
      async () => (await app.call('GET', '/v1/admin/payouts/attention')).body.length === 0,
      'the cancelled payout to leave the list',
    );
    stripe.keyRevoked = false;
  });

  it('the api-only process reports the lag of the worker’s consumers, read from their stored checkpoints', async () => {
    const ready = await app.waitFor(async () => {
      const answer = await app.call('GET', '/readyz');
      const consumers = answer.body.consumers as Record<string, number>;
      return consumers['ledger-posting'] === 0 && consumers['payout-saga'] === 0 && answer;
    }, 'the worker’s consumers to catch up, as the api sees them');
    expect(ready.status).toBe(200);
    expect(Object.keys(ready.body.consumers)).toEqual(
      expect.arrayContaining([
        'ledger-posting',
        'due-scheduler',
        'payout-saga',
        'webhook-deliveries',
      ]),
    );
    expect(ready.body.projections).toEqual(
      expect.objectContaining({ payouts: expect.any(Number) }),
    );
    const metrics = await fetch(`${app.baseUrl}/metrics`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(await metrics.text()).toMatch(
      /threadtrak_consumer_lag_events\{consumer="ledger-posting"\} 0/,
    );
  });
});
