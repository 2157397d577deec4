import { startTestApp, type TestApp, BROWSER } from './harness';

describe('re-attribution over HTTP: dry run, apply, apply again', () => {
  let app: TestApp;
  jest.setTimeout(60_000);
  beforeAll(async () => {
    app = await startTestApp({}, '2026-06-01T09:00:00.000Z');
  });
  afterAll(async () => app.close());

  it('switching to first click moves the order to the affiliate who sent the visitor first, once', async () => {
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    const ann = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Ann', email: 'ann@example.com', refCode: 'ann', productScope: 'all' },
      })
    ).body;
    const bob = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Bob', email: 'bob@example.com', refCode: 'bob', productScope: 'all' },
      })
    ).body;
    const first = await fetch(`${app.baseUrl}/r/ann`, { redirect: 'manual', headers: BROWSER });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    app.setNow('2026-06-02T09:00:00Z');
    const second = await fetch(`${app.baseUrl}/r/bob`, {
      redirect: 'manual',
      headers: { ...BROWSER, cookie },
    });
    const clickId = new URL(second.headers.get('location')!).searchParams.get('tt_click')!;
    const order = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'lamp-1',
        paidAt: '2026-06-02T09:03:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 10000 }],
      },
    });
    expect(order.body).toMatchObject({
      attributed: true,
      affiliateId: bob.affiliateId,
      commissionCents: 1000,
    });

    const request = {
      from: '2026-06-01T00:00:00Z',
      to: '2026-06-03T00:00:00Z',
      rules: { attributionModel: 'first_click' },
    };
    const head = await app.head();
    const dry = await app.call('POST', '/v1/admin/reattributions', {
      body: { ...request, dryRun: true },
    });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      ordersExamined: 1,
      changes: [
        {
          orderId: 'lamp-1',
          before: { affiliateId: bob.affiliateId, commissionCents: 1000 },
          after: { affiliateId: ann.affiliateId, commissionCents: 1000 },
        },
      ],
    });
    expect(dry.body.deltaByAffiliate).toEqual(
      expect.arrayContaining([
        { affiliateId: ann.affiliateId, deltaCents: 1000 },
        { affiliateId: bob.affiliateId, deltaCents: -1000 },
      ]),
    );
    expect(await app.head()).toBe(head);

    const applied = await app.call('POST', '/v1/admin/reattributions', {
      body: { ...request, dryRun: false },
    });
    expect(applied.body.reattributionId).toBe(dry.body.reattributionId);
    expect(await app.balances(ann.affiliateId)).toMatchObject({
      earnedCents: 1000,
      pendingCents: 1000,
    });
    expect(await app.balances(bob.affiliateId)).toMatchObject({
      earnedCents: 1000,
      reversedCents: 1000,
      pendingCents: 0,
    });
    const afterApply = await app.head();
    await app.call('POST', '/v1/admin/reattributions', { body: { ...request, dryRun: false } });
    expect(await app.head()).toBe(afterApply);

    expect(
      (
        await app.call('POST', '/v1/admin/reattributions', {
          body: { from: 'yesterday', to: '2026-06-03T00:00:00Z', dryRun: true },
        })
      ).status,
    ).toBe(400);
  });
});
