import { startTestApp, type TestApp } from './harness';

/** The console's catalog reads: the products, and one affiliate's commissions. */
describe('console: products and an affiliate’s commissions', () => {
  let app: TestApp;
  jest.setTimeout(60_000);
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('lists the products by name', async () => {
    for (const [productId, name] of [
      ['tee', 'Tee'],
      ['lamp', 'Lamp'],
    ])
      await app.call('PUT', `/v1/admin/products/${productId}`, {
        body: { name, url: `https://shop.test/${productId}`, eligible: true },
      });
    const answer = await app.call('GET', '/v1/console/products');
    expect(answer.status).toBe(200);
    expect(answer.body.products.map((p: { name: string }) => p.name)).toEqual(['Lamp', 'Tee']);
    expect((await app.call('GET', '/v1/console/products', { token: null })).status).toBe(401);
  });

  it('an affiliate’s commissions: a page; an unknown affiliate or a bad status is refused', async () => {
    const ann = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Ann', email: 'ann@example.com', productScope: 'all' },
      })
    ).body;
    const page = await app.call('GET', `/v1/console/affiliates/${ann.affiliateId}/commissions`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ items: [] });
    expect(
      (await app.call('GET', '/v1/console/affiliates/aff_0000000000000000/commissions')).status,
    ).toBe(404);
    expect((await app.call('GET', '/v1/console/affiliates/nope/commissions')).status).toBe(404);
    expect(
      (
        await app.call(
          'GET',
          `/v1/console/affiliates/${ann.affiliateId}/commissions?status=everything`,
        )
      ).status,
    ).toBe(400);
  });
});
