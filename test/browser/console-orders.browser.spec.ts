import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

/** Orders in a real browser: search by order id → the clicks on a timeline, the checks, the lines. */
describe('the console: Orders', () => {
  let app: TestApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp({}, '2026-04-20T09:00:00.000Z');
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    for (const name of ['Ann', 'Bob'])
      await app.call('POST', '/v1/admin/affiliates', {
        body: {
          name,
          email: `${name.toLowerCase()}@example.com`,
          refCode: name.toLowerCase(),
          productScope: 'all',
        },
      });
    // Ann's first click is older than the 30-day window; Bob's is in it; Ann's second one wins.
    let cookie = '';
    const visit = async (refCode: string, at: string) => {
      app.setNow(at);
      const answer = await fetch(`${app.baseUrl}/r/${refCode}?c=spring`, {
        redirect: 'manual',
        headers: { ...BROWSER, ...(cookie ? { cookie } : {}) },
      });
      cookie ||= answer.headers.get('set-cookie')!.split(';')[0]!;
      return new URL(answer.headers.get('location')!).searchParams.get('tt_click')!;
    };
    await visit('ann', '2026-04-20T09:00:00Z');
    await visit('bob', '2026-06-01T09:00:00Z');
    const clickId = await visit('ann', '2026-06-02T09:00:00Z');
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'lamp-1',
        paidAt: '2026-06-02T09:03:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 10000 }],
      },
    });
    await app.call('POST', '/v1/orders/lamp-1/refunds', {
      body: { refundId: 'rf-1', refundedAt: '2026-06-02T10:00:00Z', amountCents: 2500 },
    });

    // The session cookie expires by the app's clock: the browser lives in the present.
    app.setNow(new Date());
    chromium = await launchChromium({ viewport: DESKTOP, timezoneId: 'UTC', locale: 'en-US' });
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.setDefaultTimeout(15_000);
    await page.goto(`${app.baseUrl}/console/orders`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  const checkPage = (name: string) => checkLayout(page, `console-${name}`);
  const search = async (orderId: string) => {
    await page.getByRole('search').getByLabel('Order id').fill(orderId);
    await page.getByRole('button', { name: 'Explain' }).click();
  };

  it('an unknown order id says so', async () => {
    await search('no-such-order');
    await page.getByRole('alert').getByText('No order no-such-order is recorded.').waitFor();
  });

  it('explains an order: the clicks on a timeline, each check, the rule version, the lines', async () => {
    await search('lamp-1');
    const order = page.getByRole('region', { name: 'Order lamp-1' });
    await order.waitFor();
    expect(page.url()).toContain('/console/orders?id=lamp-1');
    expect(await order.locator('dl').textContent()).toMatch(
      /Total\$100\.00Earned byAnnCommission\$10\.00Rule version0 · last click/,
    );
    const clicks = order.locator('ol.clicks > li');
    await clicks.first().waitFor();
    expect(await clicks.allTextContents()).toEqual([
      expect.stringMatching(/Ann, canonical link, campaign spring Outside the cookie window$/),
      expect.stringMatching(/Bob, canonical link, campaign spring Considered, lost$/),
      expect.stringMatching(
        /Ann, canonical link, campaign spring \(the click the order names\) Won$/,
      ),
      expect.stringMatching(/Paid$/),
    ]);
    expect(await order.getByRole('row', { name: /Cookie window/ }).textContent()).toMatch(
      /Passed.*2 click\(s\) within 30 day\(s\)/,
    );
    expect(await order.getByRole('row', { name: /^lamp/ }).textContent()).toMatch(
      /\$100\.00.*10%.*\$10\.00.*Earns/,
    );
    expect(await order.getByText(/rf-1, \$25\.00/).count()).toBe(1);
    await checkPage('orders');
  });

  it('an order id in the address opens its explanation', async () => {
    await page.goto(`${app.baseUrl}/console/orders?id=lamp-1`);
    await page.getByRole('region', { name: 'Order lamp-1' }).waitFor();
    expect(await page.getByLabel('Order id').inputValue()).toBe('lamp-1');
  });
});
