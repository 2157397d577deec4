import { BROWSER, startTestApp, type TestApp } from './harness';

/** Clicks from a browser; `cookie` is what the browser would send back. */
const visit = async (app: TestApp, path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${app.baseUrl}${path}`, {
    redirect: 'manual',
    headers: { ...BROWSER, ...headers },
  });
  const location = response.headers.get('location') ?? '';
  const setCookie = response.headers.get('set-cookie') ?? '';
  return {
    status: response.status,
    location,
    clickId: location ? new URL(location).searchParams.get('tt_click') : null,
    cookie: /tt_vid=([^;]*)/.exec(setCookie)?.[1] ?? null,
  };
};

const clicksIn = async (app: TestApp) => {
  const clicks: Record<string, any>[] = [];
  for await (const event of app.store.readAll())
    if (event.type === 'ClickRecorded') clicks.push(event.data as Record<string, any>);
  return clicks;
};

describe('attribution that cannot be stolen, clicks that count once', () => {
  let app: TestApp;
  let ann: string;
  let bob: string;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    app = await startTestApp({}, '2026-03-01T10:00:00.000Z');
    await app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    ann = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Ann', email: 'ann@example.com', refCode: 'ann', productScope: 'all' },
      })
    ).body.affiliateId;
    bob = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Bob', email: 'bob@example.com', refCode: 'bob', productScope: 'all' },
      })
    ).body.affiliateId;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a rival who copies the landing URL (and even the visitor id) and hits his own link with it does not get the order', async () => {
    const shopper = await visit(app, '/r/ann/p/lamp');
    expect(shopper.status).toBe(302);
    const [visitorId] = decodeURIComponent(shopper.cookie!).split('.');
    // The landing URL carries only an opaque click id: nothing of the visitor.
    expect(shopper.clickId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(shopper.location).not.toContain(visitorId);

    app.setNow('2026-03-01T10:05:00.000Z');
    for (const stolen of [
      shopper.clickId!,
      visitorId,
      `${visitorId}.${shopper.clickId!.slice(0, 22)}`,
    ]) {
      const replay = await visit(app, '/r/bob/p/lamp', { cookie: `tt_vid=${stolen}` });
      expect(replay.status).toBe(302);
      expect(replay.cookie).not.toContain(visitorId);
    }
    const bobsClicks = (await clicksIn(app)).filter((click) => click.affiliateId === bob);
    expect(bobsClicks).toHaveLength(3);
    expect(bobsClicks.every((click) => click.visitorId !== visitorId)).toBe(true);

    const order = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-replay',
        paidAt: '2026-03-01T10:10:00Z',
        currency: 'USD',
        clickId: shopper.clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 5000 }],
      },
    });
    expect(order.body).toMatchObject({ attributed: true, affiliateId: ann, commissionCents: 500 });
  });

  it('a forged or unsigned cookie gets a new visitor; a signed one is kept', async () => {
    const first = await visit(app, '/r/ann');
    const kept = await visit(app, '/r/ann', { cookie: `tt_vid=${first.cookie}` });
    expect(kept.cookie).toBe(first.cookie);
    const [visitorId] = decodeURIComponent(first.cookie!).split('.');
    const forged = await visit(app, '/r/ann', { cookie: `tt_vid=${visitorId}.${'A'.repeat(22)}` });
    expect(forged.cookie).not.toBe(first.cookie);
    const clicks = await clicksIn(app);
    expect(clicks.find((click) => click.clickId === kept.clickId)?.visitorId).toBe(visitorId);
    expect(clicks.find((click) => click.clickId === forged.clickId)?.visitorId).not.toBe(visitorId);
  });

  it('an order naming its click is honoured up to 300 s after paidAt, not 301 s', async () => {
    app.setNow('2026-03-01T11:00:00.000Z');
    const click = await visit(app, '/r/bob/p/lamp');
    const order = (orderId: string, paidAt: string) =>
      app.call('POST', '/v1/orders', {
        body: {
          orderId,
          paidAt,
          currency: 'USD',
          clickId: click.clickId,
          lines: [{ productId: 'lamp', quantity: 1, amountCents: 1000 }],
        },
      });
    expect((await order('o-skew-300', '2026-03-01T10:55:00Z')).body).toMatchObject({
      attributed: true,
      affiliateId: bob,
    });
    expect((await order('o-skew-301', '2026-03-01T10:54:59Z')).body).toMatchObject({
      attributed: false,
    });
    const explained = await app.call('GET', '/v1/admin/orders/o-skew-300');
    expect(explained.body.checks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          check: 'window',
          detail: expect.stringContaining('within the 300 s clock-skew tolerance'),
        }),
      ]),
    );
  });

  it.each([
    ['curl', 'curl/8.5.0'],
    ['okhttp', 'okhttp/4.12.0'],
    ['Google Chat', 'Mozilla/5.0 (compatible; Google-Chat; +https://support.google.com/chat)'],
    [
      'Microsoft Office',
      'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.4266; Pro)',
    ],
    ['Slack', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    ['Discord', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
    [
      'Teams',
      'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
    ],
    ['WhatsApp', 'WhatsApp/2.23.20.0 A'],
  ])('a %s link fetch is redirected and stored as a bot', async (_, userAgent) => {
    const fetched = await visit(app, '/r/ann?c=bots', { 'user-agent': userAgent });
    expect(fetched.status).toBe(302);
    expect((await clicksIn(app)).find((click) => click.clickId === fetched.clickId)).toMatchObject({
      bot: true,
    });
  });

  it('a HEAD request is redirected and stored as a bot', async () => {
    const response = await fetch(`${app.baseUrl}/r/ann?c=bots`, {
      method: 'HEAD',
      redirect: 'manual',
      headers: BROWSER,
    });
    expect(response.status).toBe(302);
    const clickId = new URL(response.headers.get('location')!).searchParams.get('tt_click');
    expect((await clicksIn(app)).find((click) => click.clickId === clickId)).toMatchObject({
      bot: true,
    });
  });

  it.each([
    ['a malformed escape', '/r/%ZZ'],
    ['an over-long path', `/r/${'a'.repeat(5000)}`],
    ['a link inside a link', '/r/bob/r/ann'],
    ['a malformed product', '/r/ann/p/%ZZ'],
  ])('%s lands on the shop and records nothing', async (_, path) => {
    const before = (await clicksIn(app)).length;
    const response = await visit(app, path);
    expect(response.status).toBe(302);
    expect(response.location).toBe('https://shop.test/');
    expect((await clicksIn(app)).length).toBe(before);
  });
});

describe('a cookie-less flood', () => {
  let app: TestApp;
  jest.setTimeout(60_000);

  beforeAll(async () => {
    app = await startTestApp({}, '2026-03-02T10:00:00.000Z');
    await app.call('PUT', '/v1/admin/rules', { body: {} });
    await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Cat', email: 'cat@example.com', refCode: 'cat', productScope: 'all' },
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('200 requests from one address are all redirected, count one unique click, and the excess as throttled', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => visit(app, '/r/cat')));
    expect(answers.every((answer) => answer.status === 302)).toBe(true);
    const clicks = await clicksIn(app);
    expect(clicks).toHaveLength(200);
    const throttled = clicks.filter((click) => click.throttled).length;
    expect(throttled).toBeGreaterThan(100);
    const dashboard = await app.waitFor(async () => {
      const answer = await app.call('GET', '/v1/admin/dashboard?from=2026-03-02&to=2026-03-02');
      return answer.body?.totals?.clicks + answer.body?.totals?.throttled === 200 && answer.body;
    }, 'the dashboard to count the flood');
    expect(dashboard.totals).toMatchObject({ clicks: 200 - throttled, uniqueClicks: 1, throttled });
  });
});
