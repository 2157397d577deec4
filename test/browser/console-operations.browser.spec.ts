import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

/** The console's Operations page: lag per consumer and lease holders (/readyz, /metrics), a rebuild. */
describe('the console Operations page in a browser', () => {
  let app: TestApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp({}, new Date().toISOString());
    chromium = await launchChromium({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  const checkPage = (name: string) => checkLayout(page, `console-${name}`);

  it('shows each consumer caught up, the metrics, and rebuilds the read models', async () => {
    await app.call('PUT', '/v1/admin/products/desk', {
      body: { name: 'Desk', url: 'https://shop.test/desk', eligible: true },
    });
    await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
    });
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
    const head = await app.head();

    await page.goto(`${app.baseUrl}/console/operations`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
    await page.getByText(`the log's head is at position ${head}`).waitFor();
    const lag = page.getByRole('table', { name: /per consumer \(\/readyz\)/ });
    const readiness = (await app.call('GET', '/readyz')).body;
    for (const name of Object.keys(readiness.projections))
      await lag.getByRole('row', { name: new RegExp(`^${name} Read model caught up`) }).waitFor();
    const holders = page.getByRole('table', { name: 'Lease holders' });
    for (const name of Object.keys(readiness.leases))
      await holders
        .getByRole('row', { name: new RegExp(`^${name} local:${app.pids.app} \\d+ never$`) })
        .waitFor();
    expect(Object.keys(readiness.leases)).toEqual(
      expect.arrayContaining(['ledger-posting', 'projections', 'payout-saga']),
    );
    const fromMetrics = page.getByRole('table', { name: 'Lag per consumer (/metrics)' });
    expect(await fromMetrics.getByRole('row').count()).toBeGreaterThan(1);
    await page.getByRole('table', { name: 'Payouts by status' }).waitFor();
    await checkPage('operations');

    await page.getByRole('button', { name: 'Rebuild read models' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Rebuilt' });
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/^Rebuilt .+ up to position \d+\.$/);
    await checkPage('operations-rebuilt');
  });
});
