import { startTestApp, type TestApp } from './harness';

/** `GET /v1/console/orders/{orderId}/clicks`: the buyer's clicks around an order, for the timeline. */
describe('console: the clicks of an order', () => {
  let app: TestApp;
  jest.setTimeout(60_000);
  beforeAll(async () => {
    app = await startTestApp({}, '2026-06-02T10:00:00.000Z');
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'walk-in-1',
        paidAt: '2026-06-02T09:03:00Z',
        currency: 'USD',
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 10000 }],
      },
    });
  });
  afterAll(() => app?.close());

  it('an order without a click: an empty timeline with its window', async () => {
    const answer = await app.call('GET', '/v1/console/orders/walk-in-1/clicks');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      orderId: 'walk-in-1',
      visitorId: null,
      paidAt: '2026-06-02T09:03:00.000Z',
      cookieWindowDays: 30,
      windowStart: '2026-05-03T09:03:00.000Z',
      clicks: [],
    });
  });

  it('an unknown or malformed order id is 404; no credentials is 401', async () => {
    expect((await app.call('GET', '/v1/console/orders/nope/clicks')).status).toBe(404);
    expect((await app.call('GET', '/v1/console/orders/a%20b/clicks')).status).toBe(404);
    expect(
      (await app.call('GET', '/v1/console/orders/walk-in-1/clicks', { token: null })).status,
    ).toBe(401);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await app.call('GET', '/docs-json', { token: null })).body;
    expect(document.paths).toHaveProperty(['/v1/console/orders/{orderId}/clicks', 'get']);
  });
});
