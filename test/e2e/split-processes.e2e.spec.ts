import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { startTestApp, type TestApp, BROWSER } from './harness';

const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

describe('with REDIS_URL the api and the worker run as separate processes', () => {
  let app: TestApp;
  const prefix = `tt:e2e:${randomBytes(4).toString('hex')}:`;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL, REDIS_PREFIX: prefix }, '2026-02-01T12:00:00.000Z', {
      split: true,
    });
  });
  afterAll(async () => {
    await app.close();
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
});
