import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

/** `datetime-local`'s value for an instant, in the browser's zone (UTC here), to the second. */
const local = (at: Date) => at.toISOString().slice(0, 19);

/**
 * The console's Audit page in a browser: balances as of an instant before a refund and as of now differ,
 * the CSV is the same replay, and the month-end statement adds up.
 */
describe('the console Audit page in a browser', () => {
  let app: TestApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    // "As of" is recording time, real time: the business clock starts now too.
    app = await startTestApp({}, new Date().toISOString());
    chromium = await launchChromium({
      viewport: DESKTOP,
      locale: 'en-US',
      timezoneId: 'UTC',
      acceptDownloads: true,
    });
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  const checkPage = (name: string) => checkLayout(page, `console-${name}`);

  it('shows different balances as of before and after a refund, downloads the CSV and a statement', async () => {
    await app.call('PUT', '/v1/admin/rules', { body: { holdDays: 30, defaultRateBps: 1000 } });
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
    const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('tt_click');
    const paid = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'desk-1',
        paidAt: new Date().toISOString(),
        currency: 'USD',
        clickId,
        lines: [{ productId: 'desk', quantity: 1, amountCents: 60000 }],
      },
    });
    expect(paid.body).toMatchObject({ attributed: true, commissionCents: 6000 });
    // The posting consumer books the commission: wait for it, then pick an instant a second later.
    await app.waitFor(
      async () => (await app.balances(jane.affiliateId)).earnedCents === 6000,
      'earn',
    );
    await new Promise((done) => setTimeout(done, 1_100));
    const beforeRefund = new Date(Math.floor(Date.now() / 1000) * 1000);
    await new Promise((done) => setTimeout(done, 1_100));
    await app.call('POST', '/v1/orders/desk-1/refunds', {
      body: { refundId: 'r-1', refundedAt: new Date().toISOString(), amountCents: 30000 },
    });
    await app.waitFor(
      async () => (await app.balances(jane.affiliateId)).reversedCents === 3000,
      'the reversal',
    );

    await page.goto(`${app.baseUrl}/console/audit`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit' }).waitFor();
    const balances = page.getByRole('table', { name: 'Balances per affiliate' });
    const janeNow = balances.getByRole('row', { name: /^Jane/ });
    await janeNow.waitFor();
    expect(await janeNow.textContent()).toBe('Jane$60.00$30.00$30.00$0.00$0.00$0.00');

    await page.getByLabel('As of').fill(local(beforeRefund));
    await page.getByRole('button', { name: 'Show balances' }).click();
    await balances.getByRole('row', { name: /^Jane \$60\.00 \$0\.00 \$60\.00/ }).waitFor();
    expect(await page.getByText('holds').count()).toBeGreaterThan(0);
    expect(await page.getByText('violated').count()).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path()) ?? '', 'utf8');
    expect(csv).toContain(`${jane.affiliateId},6000,0,6000,0,0,0`);
    await checkPage('audit');

    await page.getByLabel('As of').fill('');
    await page.getByRole('button', { name: 'Show balances' }).click();
    await balances.getByRole('row', { name: /^Jane \$60\.00 \$30\.00/ }).waitFor();

    await page.getByRole('button', { name: 'Show statement' }).click();
    const statement = page.getByRole('table', { name: /^Statement for/ });
    const line = statement.getByRole('row', { name: /^Jane/ });
    await line.waitFor();
    expect(await line.textContent()).toBe('Jane$0.00$60.00$30.00$0.00$30.00');
    await checkPage('audit-statement');
  });
});
