import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from './harness';

/** The console's own reads: bad input is a 400 that names the field, and nothing opens them but the admin. */
describe('console reads: payout review, audit CSV, month-end statements', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({}, new Date().toISOString());
  });
  afterAll(() => app.close());

  it('refuses callers without the admin token or a console session', async () => {
    for (const path of [
      '/v1/console/payouts/review',
      '/v1/console/audit.csv',
      '/v1/console/statements/2026-01',
    ])
      expect((await app.call('GET', path, { token: null })).status).toBe(401);
  });

  it('answers bad input with 400 validation_failed naming the field', async () => {
    const cases: [string, string][] = [
      ['/v1/console/statements/2026-13', 'month'],
      ['/v1/console/statements/january', 'month'],
      ['/v1/console/statements/2026-01?affiliateId=bob', 'affiliateId'],
      ['/v1/console/audit.csv?at=yesterday', 'at'],
    ];
    for (const [path, field] of cases) {
      const answer = await app.call('GET', path);
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('validation_failed');
      expect(JSON.stringify(answer.body.error.details)).toContain(field);
    }
  });

  it('gives an empty queue, a CSV with its total row, and a statement that adds up', async () => {
    expect((await app.call('GET', '/v1/console/payouts/review')).body).toEqual({
      programMedianClickToOrderSeconds: null,
      payouts: [],
    });
    const csv = await app.call('GET', '/v1/console/audit.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body).toContain('total,0,0,0,0,0,0');
    const month = new Date().toISOString().slice(0, 7);
    const statement = (await app.call('GET', `/v1/console/statements/${month}`)).body;
    expect(statement).toMatchObject({ month, lines: [], invariantsOk: true });
    expect(statement.totals).toEqual({
      carriedInCents: 0,
      earnedCents: 0,
      reversedCents: 0,
      paidCents: 0,
      carriedOverCents: 0,
    });
  });

  it('opens /metrics to a console session, for the Operations page, and to nobody without one', async () => {
    expect((await app.call('GET', '/metrics', { token: null })).status).toBe(401);
    const login = await app.call('POST', '/v1/console/login', {
      token: null,
      body: { token: ADMIN_TOKEN },
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const metrics = await app.call('GET', '/metrics', { token: null, headers: { cookie } });
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('threadtrak_consumer_lag_events');
    const forged = await app.call('GET', '/metrics', {
      token: null,
      headers: { cookie: 'tt_console=not-a-session' },
    });
    expect(forged.status).toBe(401);
  });

  it("gives an affiliate the same statement line as finance's, from the same replay", async () => {
    await app.call('PUT', '/v1/admin/products/desk', {
      body: { name: 'Desk', url: 'https://shop.test/desk', eligible: true },
    });
    const jane = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    const click = await fetch(`${app.baseUrl}/r/jane/p/desk`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'desk-1',
        paidAt: new Date().toISOString(),
        currency: 'USD',
        clickId: new URL(click.headers.get('location') ?? '').searchParams.get('tt_click'),
        lines: [{ productId: 'desk', quantity: 1, amountCents: 60000 }],
      },
    });
    await app.waitFor(async () => (await app.balances(jane.affiliateId)).earnedCents > 0, 'earn');
    const month = new Date().toISOString().slice(0, 7);
    const finance = (await app.call('GET', `/v1/console/statements/${month}`)).body;
    const mine = (await app.call('GET', `/v1/me/statements/${month}`, { token: jane.apiKey })).body;
    expect(mine.lines).toEqual([
      {
        affiliateId: jane.affiliateId,
        carriedInCents: 0,
        earnedCents: 6000,
        reversedCents: 0,
        paidCents: 0,
        carriedOverCents: 6000,
      },
    ]);
    expect(finance.lines).toContainEqual(mine.lines[0]);
    expect(mine.to.through).toEqual(finance.to.through);
    const bad = await app.call('GET', '/v1/me/statements/2026-1', { token: jane.apiKey });
    expect(bad.status).toBe(400);
    expect(
      (await app.call('GET', `/v1/console/statements/${month}`, { token: jane.apiKey })).status,
    ).toBe(403);
  });
});
