import { startTestApp, type TestApp } from './harness';

/** Every route refuses bad input with a 4xx in the contract's error shape, and appends nothing. */
describe('bad input is refused with a clear 4xx and changes nothing', () => {
  let app: TestApp;
  let apiKey: string;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    app = await startTestApp();
    await app.call('PUT', '/v1/admin/rules', { body: {} });
    await app.call('PUT', '/v1/admin/products/tee', {
      body: { name: 'Tee', url: 'https://shop.test/tee', eligible: true },
    });
    apiKey = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body.apiKey;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'known',
        paidAt: '2026-01-10T11:00:00Z',
        currency: 'USD',
        lines: [{ productId: 'tee', quantity: 1, amountCents: 1000 }],
      },
    });
  });
  afterAll(async () => app.close());

  const order = {
    orderId: 'o-1',
    paidAt: '2026-01-10T11:00:00Z',
    currency: 'USD',
    lines: [{ productId: 'tee', quantity: 1, amountCents: 1000 }],
  };
  const cases: [
    string,
    string,
    string,
    { body?: unknown; raw?: string; affiliate?: boolean; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    [
      'rules with a negative window',
      'PUT',
      '/v1/admin/rules',
      { body: { cookieWindowDays: -1 } },
      400,
      'validation_failed',
    ],
    [
      'rules with a float rate',
      'PUT',
      '/v1/admin/rules',
      { body: { defaultRateBps: 12.5 } },
      400,
      'validation_failed',
    ],
    [
      'rules with an unknown model',
      'PUT',
      '/v1/admin/rules',
      { body: { attributionModel: 'linear' } },
      400,
      'validation_failed',
    ],
    [
      'rules with an unknown field',
      'PUT',
      '/v1/admin/rules',
      { body: { surprise: true } },
      400,
      'validation_failed',
    ],
    [
      'rules with a lower-case currency',
      'PUT',
      '/v1/admin/rules',
      { body: { currency: 'usd' } },
      400,
      'validation_failed',
    ],
    [
      'a product without a name',
      'PUT',
      '/v1/admin/products/p2',
      { body: { url: 'https://shop.test/p2', eligible: true } },
      400,
      'validation_failed',
    ],
    [
      'a product with a javascript: url',
      'PUT',
      '/v1/admin/products/p2',
      { body: { name: 'x', url: 'javascript:alert(1)', eligible: true } },
      400,
      'validation_failed',
    ],
    [
      'a product id with a path traversal',
      'PUT',
      '/v1/admin/products/..%2F..',
      { body: { name: 'x', url: 'https://shop.test/x', eligible: true } },
      400,
      'validation_failed',
    ],
    [
      'an affiliate with a bad email',
      'POST',
      '/v1/admin/affiliates',
      { body: { name: 'x', email: 'not-an-email', productScope: 'all' } },
      400,
      'validation_failed',
    ],
    [
      'an affiliate with an upper-case ref code',
      'POST',
      '/v1/admin/affiliates',
      { body: { name: 'x', email: 'x@example.com', refCode: 'JANE', productScope: 'all' } },
      400,
      'validation_failed',
    ],
    [
      'an affiliate with a taken ref code',
      'POST',
      '/v1/admin/affiliates',
      { body: { name: 'x', email: 'x@example.com', refCode: 'jane', productScope: 'all' } },
      409,
      'ref_code_taken',
    ],
    [
      'an affiliate with a scope of numbers',
      'POST',
      '/v1/admin/affiliates',
      { body: { name: 'x', email: 'x@example.com', productScope: [1, 2] } },
      400,
      'validation_failed',
    ],
    ['malformed JSON', 'POST', '/v1/orders', { raw: '{"orderId": ' }, 400, 'validation_failed'],
    [
      'an order without lines',
      'POST',
      '/v1/orders',
      { body: { ...order, lines: [] } },
      400,
      'validation_failed',
    ],
    [
      'an order with a negative amount',
      'POST',
      '/v1/orders',
      { body: { ...order, lines: [{ productId: 'tee', quantity: 1, amountCents: -5 }] } },
      400,
      'validation_failed',
    ],
    [
      'an order with a huge amount',
      'POST',
      '/v1/orders',
      { body: { ...order, lines: [{ productId: 'tee', quantity: 1, amountCents: 1e20 }] } },
      400,
      'validation_failed',
    ],
    [
      'an order with a string amount',
      'POST',
      '/v1/orders',
      { body: { ...order, lines: [{ productId: 'tee', quantity: 1, amountCents: '1000' }] } },
      400,
      'validation_failed',
    ],
    [
      'an order paid tomorrow',
      'POST',
      '/v1/orders',
      { body: { ...order, paidAt: '2026-01-11T12:00:00Z' } },
      400,
      'validation_failed',
    ],
    [
      'an order with a bad date',
      'POST',
      '/v1/orders',
      { body: { ...order, paidAt: 'yesterday' } },
      400,
      'validation_failed',
    ],
    [
      'an order with an SQL-injection id',
      'POST',
      '/v1/orders',
      { body: { ...order, orderId: "x'; DROP TABLE events; --" } },
      400,
      'validation_failed',
    ],
    [
      'an order with a forged click id',
      'POST',
      '/v1/orders',
      { body: { ...order, clickId: '../../etc/passwd' } },
      400,
      'validation_failed',
    ],
    [
      'an order in euros',
      'POST',
      '/v1/orders',
      { body: { ...order, currency: 'EUR' } },
      422,
      'currency_mismatch',
    ],
    [
      'a refund above the order',
      'POST',
      '/v1/orders/known/refunds',
      { body: { refundId: 'r1', refundedAt: '2026-01-10T11:30:00Z', amountCents: 1001 } },
      422,
      'refund_exceeds_order',
    ],
    [
      'a refund of a line the order lacks',
      'POST',
      '/v1/orders/known/refunds',
      {
        body: {
          refundId: 'r2',
          refundedAt: '2026-01-10T11:30:00Z',
          lines: [{ productId: 'hat', amountCents: 1 }],
        },
      },
      422,
      'unknown_line',
    ],
    [
      'a refund with both amount and lines',
      'POST',
      '/v1/orders/known/refunds',
      {
        body: {
          refundId: 'r3',
          refundedAt: '2026-01-10T11:30:00Z',
          amountCents: 1,
          lines: [{ productId: 'tee', amountCents: 1 }],
        },
      },
      400,
      'validation_failed',
    ],
    [
      'a refund of zero',
      'POST',
      '/v1/orders/known/refunds',
      { body: { refundId: 'r4', refundedAt: '2026-01-10T11:30:00Z', amountCents: 0 } },
      400,
      'validation_failed',
    ],
    [
      'a payout account with a bad Stripe id',
      'PUT',
      '/v1/me/payout-account',
      { affiliate: true, body: { method: 'stripe_connect', accountId: 'nope' } },
      400,
      'validation_failed',
    ],
    [
      'a payout account of an unknown method',
      'PUT',
      '/v1/me/payout-account',
      { affiliate: true, body: { method: 'cash' } },
      400,
      'validation_failed',
    ],
    [
      'a QR code of an unknown type',
      'GET',
      '/v1/me/qr?type=banner',
      { affiliate: true },
      400,
      'validation_failed',
    ],
    [
      'a QR code of a purchase link without product',
      'GET',
      '/v1/me/qr?type=purchase',
      { affiliate: true },
      400,
      'validation_failed',
    ],
    [
      'a QR code of 10 000 px',
      'GET',
      '/v1/me/qr?size=10000',
      { affiliate: true },
      400,
      'validation_failed',
    ],
    [
      'a QR code with error correction Z',
      'GET',
      '/v1/me/qr?ecc=Z',
      { affiliate: true },
      400,
      'validation_failed',
    ],
    [
      'links with a bad campaign',
      'GET',
      '/v1/me/links?campaign=Not%20OK',
      { affiliate: true },
      400,
      'validation_failed',
    ],
    [
      'a payout with nothing due',
      'POST',
      '/v1/me/payouts',
      { affiliate: true },
      422,
      'no_payout_account',
    ],
    [
      'a payout with a bad idempotency key',
      'POST',
      '/v1/me/payouts',
      { affiliate: true, headers: { 'idempotency-key': 'a b' } },
      400,
      'validation_failed',
    ],
    [
      'a body of 2 MB',
      'POST',
      '/v1/orders',
      { raw: JSON.stringify({ ...order, pad: 'x'.repeat(2_000_000) }) },
      413,
      'payload_too_large',
    ],
    [
      'a Stripe webhook without configuration',
      'POST',
      '/v1/webhooks/stripe',
      { body: {} },
      404,
      'not_found',
    ],
  ];

  it.each(cases)('%s (%s %s)', async (_name, method, path, options, status, code) => {
    const before = await app.head();
    const response = await app.call(method, path, {
      ...options,
      token: options.affiliate ? apiKey : undefined,
    });
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(typeof response.body.error.message).toBe('string');
    if (status === 400 && code === 'validation_failed')
      expect(response.body.error.details).toBeDefined();
    expect(await app.head()).toBe(before);
  });

  it('credentials: none is 401, a bad one is 401, an affiliate key on an admin route is 403, the admin token on /v1/me is 403', async () => {
    expect((await app.call('GET', '/v1/admin/rules', { token: null })).status).toBe(401);
    expect((await app.call('GET', '/v1/admin/rules', { token: 'wrong' })).status).toBe(401);
    expect((await app.call('GET', '/v1/admin/rules', { token: apiKey })).status).toBe(403);
    expect((await app.call('GET', '/v1/me')).status).toBe(403);
    expect((await app.call('GET', '/v1/me', { token: `${apiKey.slice(0, -1)}x` })).status).toBe(
      401,
    );
    expect((await app.call('POST', '/v1/orders', { token: apiKey, body: order })).status).toBe(403);
  });
});

describe('the OpenAPI document at /docs', () => {
  it('lists every route of the contract, the redirects included', async () => {
    const app = await startTestApp();
    try {
      const document = (await app.call('GET', '/docs-json', { token: null })).body;
      for (const path of [
        '/r/{refCode}',
        '/r/{refCode}/p/{productId}',
        '/r/{refCode}/buy/{productId}',
        '/v1/admin/rules',
        '/v1/admin/products/{productId}',
        '/v1/admin/affiliates',
        '/v1/admin/affiliates/{affiliateId}',
        '/v1/admin/payouts',
        '/v1/admin/payouts/{payoutId}/approve',
        '/v1/admin/payouts/{payoutId}/reject',
        '/v1/admin/orders/{orderId}',
        '/v1/admin/reattributions',
        '/v1/admin/audit',
        '/v1/admin/projections/rebuild',
        '/v1/admin/dashboard',
        '/v1/orders',
        '/v1/orders/{orderId}/refunds',
        '/v1/webhooks/stripe',
        '/v1/me',
        '/v1/me/payout-account',
        '/v1/me/links',
        '/v1/me/qr',
        '/v1/me/dashboard',
        '/v1/me/commissions',
        '/v1/me/payouts',
        '/healthz',
        '/readyz',
      ]) {
        expect(document.paths).toHaveProperty([path]);
      }
    } finally {
      await app.close();
    }
  });

  it('describes every operation: a summary, described parameters, every answer with a description and, with a body, an example', async () => {
    const app = await startTestApp();
    try {
      const document = (await app.call('GET', '/docs-json', { token: null })).body;
      const missing: string[] = [];
      for (const [path, operations] of Object.entries<Record<string, any>>(document.paths)) {
        for (const [method, operation] of Object.entries<any>(operations)) {
          const where = `${method.toUpperCase()} ${path}`;
          if (!operation.summary) missing.push(`${where}: summary`);
          for (const parameter of operation.parameters ?? [])
            if (!parameter.description) missing.push(`${where}: ${parameter.name} description`);
          for (const [status, answer] of Object.entries<any>(operation.responses)) {
            if (!answer.description) missing.push(`${where} ${status}: description`);
            const json = answer.content?.['application/json'];
            if (
              json &&
              !json.example &&
              !json.examples &&
              !json.schema?.example &&
              !json.schema?.$ref
            )
              missing.push(`${where} ${status}: example`);
            if (status.startsWith('4') && !json?.examples)
              missing.push(`${where} ${status}: error example`);
          }
        }
      }
      expect(missing).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('documents answers in the shape the service gives: the example has the fields of a real answer', async () => {
    const app = await startTestApp();
    try {
      const document = (await app.call('GET', '/docs-json', { token: null })).body;
      await app.call('PUT', '/v1/admin/rules', { body: { holdDays: 30 } });
      const keysOf = (value: unknown) =>
        Object.keys(Array.isArray(value) ? (value[0] ?? {}) : (value as object)).sort();
      for (const path of [
        '/healthz',
        '/readyz',
        '/v1/admin/rules',
        '/v1/admin/audit',
        '/v1/admin/dashboard',
        '/v1/admin/webhooks',
      ]) {
        const documented =
          document.paths[path].get.responses['200'].content['application/json'].schema.example;
        const { status, body } = await app.call('GET', path);
        expect({ path, status, keys: keysOf(body) }).toEqual({
          path,
          status: 200,
          keys: keysOf(documented),
        });
      }
    } finally {
      await app.close();
    }
  });
});
