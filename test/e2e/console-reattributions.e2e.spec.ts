import { BROWSER, startTestApp, type TestApp } from './harness';

/** `GET /v1/console/reattributions`: the applied re-attributions, with who applied them. */
describe('console: the applied re-attributions', () => {
  let app: TestApp;
  jest.setTimeout(60_000);
  const request = {
    from: '2026-06-01T00:00:00Z',
    to: '2026-06-03T00:00:00Z',
    rules: { attributionModel: 'first_click', cookieWindowDays: 7 },
  };

  beforeAll(async () => {
    app = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    for (const name of ['ann', 'bob'])
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name, email: `${name}@example.com`, refCode: name, productScope: 'all' },
      });
    const first = await fetch(`${app.baseUrl}/r/ann`, { redirect: 'manual', headers: BROWSER });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    app.setNow('2026-06-02T09:00:00Z');
    const second = await fetch(`${app.baseUrl}/r/bob`, {
      redirect: 'manual',
      headers: { ...BROWSER, cookie },
    });
    const clickId = new URL(second.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'lamp-1',
        paidAt: '2026-06-02T09:03:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 10000 }],
      },
    });
  });
  afterAll(() => app?.close());

  it('lists nothing before an apply, and needs the admin token or a console session', async () => {
    expect((await app.call('GET', '/v1/console/reattributions')).body).toEqual([]);
    expect((await app.call('GET', '/v1/console/reattributions', { token: null })).status).toBe(401);
  });

  it('after an apply: listed with its actor; the same dry run again moves no order', async () => {
    const applied = (
      await app.call('POST', '/v1/admin/reattributions', { body: { ...request, dryRun: false } })
    ).body;
    expect(applied.changes).toHaveLength(1);

    const listed = await app.call('GET', '/v1/console/reattributions');
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([
      {
        reattributionId: applied.reattributionId,
        from: '2026-06-01T00:00:00.000Z',
        to: '2026-06-03T00:00:00.000Z',
        rules: expect.objectContaining({ attributionModel: 'first_click' }),
        rulesVersion: 0,
        ordersExamined: 1,
        ordersMoved: 1,
        deltaByAffiliate: applied.deltaByAffiliate,
        appliedAt: applied.appliedAt,
        actor: 'admin',
      },
    ]);

    const again = await app.call('POST', '/v1/admin/reattributions', {
      body: { ...request, dryRun: true },
    });
    expect(again.body).toMatchObject({
      reattributionId: applied.reattributionId,
      ordersExamined: 1,
      changes: [],
      deltaByAffiliate: [],
      dryRun: true,
      appliedAt: applied.appliedAt,
    });
  });

  it('the order’s timeline follows the re-attribution: its window, its winner', async () => {
    const timeline = (await app.call('GET', '/v1/console/orders/lamp-1/clicks')).body;
    expect(timeline.cookieWindowDays).toBe(7);
    expect(timeline.clicks.map((c: { verdict: string }) => c.verdict)).toEqual([
      'won',
      'considered',
    ]);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await app.call('GET', '/docs-json', { token: null })).body;
    expect(document.paths['/v1/console/reattributions'].get.summary).toBe(
      'The applied re-attributions, newest first',
    );
  });
});
