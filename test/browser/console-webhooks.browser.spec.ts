import type { Page } from 'playwright-core';
import { WebhookReceiver } from '../../libs/application/testing/webhook-receiver';
import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

/** Webhooks in a real browser: add an endpoint, watch its deliveries retry and succeed, redeliver. */
describe('the console: Webhooks', () => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    // The receiver is down for each event's first attempt.
    receiver.decide = (_eventId, nth) => (nth === 1 ? 'fail' : 'ok');
    app = await startTestApp({ WEBHOOK_BACKOFF_BASE_MS: '100' }, new Date().toISOString());
    chromium = await launchChromium({ viewport: DESKTOP, timezoneId: 'UTC', locale: 'en-US' });
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.setDefaultTimeout(15_000);
    await page.goto(`${app.baseUrl}/console/webhooks`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await receiver?.close();
  });

  const checkPage = (name: string) => checkLayout(page, `console-${name}`);

  it('refuses an endpoint it could not deliver to, and registers nothing', async () => {
    await page.getByText('No endpoint yet').waitFor();
    await page.getByLabel('Endpoint URL').fill('ftp://127.0.0.1/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('alert').first().waitFor();
    expect((await app.call('GET', '/v1/admin/webhooks')).body).toEqual({ webhooks: [] });
  });

  it('adds an endpoint and shows its signing secret once', async () => {
    await page.getByLabel('Endpoint URL').fill(receiver.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = page.getByRole('region', { name: 'Signing secret' });
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/whsec_[A-Za-z0-9_-]+/);
    await page.getByRole('row', { name: new RegExp(receiver.url) }).waitFor();
  });

  it('lists the deliveries, retried until the receiver answers; Redeliver sends one again', async () => {
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Ann', email: 'ann@example.com', refCode: 'ann', productScope: 'all' },
    });
    const click = await fetch(`${app.baseUrl}/r/ann`, { redirect: 'manual', headers: BROWSER });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'lamp-1',
        paidAt: new Date().toISOString(),
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 10000 }],
      },
    });
    const deliveries = page.getByRole('region', { name: /^Deliveries to/ });
    const earned = deliveries.getByRole('row', { name: /^commission\.earned/ });
    await earned.getByText('Delivered').waitFor();
    expect(await earned.getByRole('cell').nth(1).textContent()).toBe('2');
    await deliveries
      .getByRole('row', { name: /^order\.attributed/ })
      .getByText('Delivered')
      .waitFor();
    await checkPage('webhooks');

    const eventId = receiver.received.find((r) => r.type === 'commission.earned')!.eventId;
    await earned.getByRole('button', { name: 'Redeliver' }).click();
    await deliveries.getByText(/Delivery of commission\.earned .* queued again/).waitFor();
    await app.waitFor(async () => receiver.timesSeen.get(eventId) === 3, 'the redelivery');
    await earned.getByRole('cell', { name: '3', exact: true }).waitFor();
  });

  it('removing an endpoint asks first', async () => {
    const row = page.getByRole('row', { name: new RegExp(receiver.url) });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.getByRole('button', { name: 'Confirm remove' }).click();
    await page.getByText('Endpoint removed').waitFor();
    expect((await app.call('GET', '/v1/admin/webhooks')).body).toEqual({ webhooks: [] });
  });
});
