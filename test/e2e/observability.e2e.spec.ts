import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from './harness';

const METRICS_TOKEN = 'metrics-scraper-token-e2e';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The JSON lines of the process's output (the worker's own plain lines are skipped). */
const jsonLines = (output: string): Record<string, unknown>[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** API.md "Operations": JSON logs with a request id, an access line without secrets, /metrics. */
describe('request ids, access lines and metrics', () => {
  let app: TestApp & { output?: string };
  jest.setTimeout(60_000);

  beforeAll(async () => {
    app = await startTestApp({
      METRICS_TOKEN,
      STRIPE_WEBHOOK_SECRET: 'whsec_observability_e2e',
    });
    await app.call('PUT', '/v1/admin/rules', { body: { holdDays: 0 } });
  });
  afterAll(async () => {
    await app?.close();
  });

  const accessLines = () => jsonLines(app.output!).filter((line) => line.msg === 'request');

  it("honours the caller's X-Request-Id, echoes it, and logs the request's line under it", async () => {
    const answer = await app.call('GET', '/v1/admin/affiliates', {
      headers: { 'x-request-id': 'checkout-7f3a/trace:42' },
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('checkout-7f3a/trace:42');
    await app.waitFor(
      async () => accessLines().find((line) => line.reqId === 'checkout-7f3a/trace:42'),
      'the access line',
    );
    expect(accessLines().find((line) => line.reqId === 'checkout-7f3a/trace:42')).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/v1/admin/affiliates',
      url: '/v1/admin/affiliates',
      status: 200,
    });
  });

  it('generates a UUID when the caller sends none, or one that is not 1-128 visible characters', async () => {
    const ids: (string | null)[] = [];
    const variants: Record<string, string>[] = [
      {},
      { 'x-request-id': 'x'.repeat(129) },
      { 'x-request-id': 'a b' },
    ];
    for (const headers of variants) {
      const answer = await app.call('GET', '/healthz', { headers });
      ids.push(answer.headers.get('x-request-id'));
    }
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(3);
    await app.waitFor(
      async () => accessLines().find((line) => line.reqId === ids[2]),
      'the line of the generated id',
    );
  });

  it('the redirect answers with a request id too', async () => {
    const answer = await fetch(`${app.baseUrl}/r/nobody`, {
      redirect: 'manual',
      headers: { ...BROWSER, 'x-request-id': 'shopper-click-1' },
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('x-request-id')).toBe('shopper-click-1');
  });

  it('no log line holds a token, key, cookie, signature or password, wherever it was sent', async () => {
    const PASSWORD = 'Correct-Horse-Battery-42';
    const COOKIE = 'tt_session=cookie-value-never-logged';
    const SIGNATURE = 't=1767000000,v1=signature-never-logged';
    const QUERY_TOKEN = 'query-token-never-logged';
    const registered = await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Quinn', email: 'quinn@example.com', refCode: 'quinn', productScope: 'all' },
    });
    expect(registered.status).toBe(201);
    const { apiKey, inviteUrl } = registered.body as { apiKey: string; inviteUrl: string };
    const invitePath = new URL(inviteUrl).pathname;
    const inviteToken = decodeURIComponent(invitePath.split('/').at(-1)!);
    await fetch(`${app.baseUrl}${invitePath}`);
    const accepted = await app.call('POST', '/v1/auth/invite', {
      token: null,
      body: { token: inviteToken, password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
    const login = await app.call('POST', '/v1/auth/login', {
      token: null,
      body: { email: 'quinn@example.com', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const sessionCookie = login.headers.get('set-cookie')!.split(';')[0];
    expect((await app.call('GET', '/v1/me', { token: apiKey })).status).toBe(200);
    expect(
      (await app.call('GET', '/v1/me', { token: null, headers: { cookie: sessionCookie } })).status,
    ).toBe(200);
    await app.call('GET', '/v1/me', { token: null, headers: { cookie: COOKIE } });
    await app.call('POST', '/v1/webhooks/stripe', {
      token: null,
      headers: { 'stripe-signature': SIGNATURE },
      raw: '{"id":"evt_1","type":"charge.refunded"}',
    });
    await app.call('GET', `/v1/me/links?access_token=${QUERY_TOKEN}&apiKey=${apiKey}`, {
      token: apiKey,
    });
    await app.call('GET', '/metrics', { token: METRICS_TOKEN });
    await app.waitFor(
      async () => accessLines().some((line) => line.route === '/metrics'),
      'the last access line',
    );

    const secrets = [
      ADMIN_TOKEN,
      METRICS_TOKEN,
      apiKey,
      PASSWORD,
      inviteToken,
      sessionCookie.split('=')[1],
      'cookie-value-never-logged',
      'signature-never-logged',
      QUERY_TOKEN,
    ];
    const output = app.output!;
    for (const secret of secrets)
      expect(output.split('\n').filter((line) => line.includes(secret))).toEqual([]);
    const urls = accessLines().map((line) => line.url);
    expect(urls).toContain('/portal/invite/[redacted]');
    expect(urls).toContain('/v1/me/links?access_token=[redacted]&apiKey=[redacted]');
    expect(accessLines().some((line) => line.route === '/v1/webhooks/stripe')).toBe(true);
  });

  it('/metrics opens with the admin token or METRICS_TOKEN only, which opens nothing else', async () => {
    expect((await app.call('GET', '/metrics', { token: null })).status).toBe(401);
    expect((await app.call('GET', '/metrics', { token: 'not-a-token' })).status).toBe(401);
    const affiliate = await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Rae', email: 'rae@example.com', refCode: 'rae', productScope: 'all' },
    });
    expect((await app.call('GET', '/metrics', { token: affiliate.body.apiKey })).status).toBe(401);
    expect((await app.call('GET', '/metrics')).status).toBe(200);
    const denied = await app.call('GET', '/v1/admin/affiliates', { token: METRICS_TOKEN });
    expect(denied.status).toBe(401);
    expect(denied.body).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('/metrics counts requests by route template, appends, lag, payouts and deliveries', async () => {
    const { body: rae } = await app.call('GET', '/v1/admin/affiliates');
    const affiliateId = (rae as { affiliateId: string }[])[0].affiliateId;
    await app.call('PATCH', `/v1/admin/affiliates/${affiliateId}`, { body: { rateBps: 1200 } });
    await fetch(`${app.baseUrl}/r/quinn?c=launch`, { redirect: 'manual', headers: BROWSER });
    const scraped = await app.call('GET', '/metrics', { token: METRICS_TOKEN });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = scraped.body as string;
    expect(text).toMatch(
      /^threadtrak_http_requests_total\{method="PATCH",route="\/v1\/admin\/affiliates\/:affiliateId",status="200"\} 1$/m,
    );
    expect(text).not.toContain(affiliateId);
    expect(text).toMatch(
      /^threadtrak_http_requests_total\{method="GET",route="\/r\/\*",status="302"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^threadtrak_http_request_duration_seconds_count\{method="GET",route="\/healthz"\} [1-9]/m,
    );
    const appended = Number(
      /^threadtrak_events_appended_total\{store="sqlite"\} (\d+)$/m.exec(text)?.[1],
    );
    expect(appended).toBeGreaterThanOrEqual(5);
    expect(text).toMatch(/^threadtrak_consumer_lag_events\{consumer="payouts"\} \d+$/m);
    expect(text).toMatch(/^threadtrak_payouts\{status="requested"\} 0$/m);
    expect(text).toMatch(/^threadtrak_webhook_deliveries\{status="pending"\} 0$/m);
  });

  it('Nest logs its own lines as JSON, with no coloured banner', () => {
    const lines = jsonLines(app.output!);
    expect(lines.some((line) => line.context === 'NestApplication')).toBe(true);
    expect(app.output).not.toContain('\u001b[');
  });
});

describe('configuration errors', () => {
  jest.setTimeout(30_000);

  const start = (env: Record<string, string>) =>
    new Promise<{ code: number | null; output: string }>((done) => {
      const dir = mkdtempSync(join(tmpdir(), 'threadtrak-config-'));
      const child = spawn(
        process.execPath,
        ['-r', './scripts/register-paths.js', 'dist/apps/api/src/main.js'],
        {
          cwd: resolve(__dirname, '../..'),
          env: { PATH: process.env.PATH, DATA_DIR: dir, PORT: '1', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      child.once('exit', (code) => {
        rmSync(dir, { recursive: true, force: true });
        done({ code, output });
      });
    });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['EVENT_STORE_URL', { EVENT_STORE_URL: 'mysql://user:hunter2@db/events' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['PAYPAL_CLIENT_SECRET', { PAYPAL_CLIENT_ID: 'only-half' }],
  ])('a bad %s stops the start: exit 1, one line naming the variable', async (variable, env) => {
    const { code, output } = await start(env);
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`^configuration: ${variable} `, 'm'));
    expect(output).not.toContain('hunter2');
    expect(output).not.toMatch(/listening/);
  });
});
