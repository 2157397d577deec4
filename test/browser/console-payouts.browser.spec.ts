import type { Page } from 'playwright-core';
import { FakePayPalServer } from '../../libs/payouts/testing/fake-paypal.server';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

const MINUTE = 60_000;
const DAY = 1_440 * MINUTE;
/** The app's clock starts now: the session cookie's expiry is read by a real browser against real time. */
const START = Date.now();
const at = (ms: number) => new Date(START + ms).toISOString();

/**
 * The console's Payouts page in a browser: the approval queue with history and risk hints, a rejection
 * with a reason, and an approval that the fake Stripe then sends.
 */
describe('the console Payouts page in a browser', () => {
  let app: TestApp;
  let stripe: FakeStripeServer;
  let paypal: FakePayPalServer;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    stripe = await FakeStripeServer.start({ secretKey: 'sk_test_console' });
    paypal = await FakePayPalServer.start({ clientId: 'console-paypal', clientSecret: 'right' });
    app = await startTestApp(
      // PayPal refuses the app's secret: an approved PayPal payout waits in the attention list.
      {
        STRIPE_SECRET_KEY: 'sk_test_console',
        STRIPE_API_BASE: stripe.url,
        PAYPAL_CLIENT_ID: 'console-paypal',
        PAYPAL_CLIENT_SECRET: 'wrong',
        PAYPAL_API_BASE: paypal.url,
      },
      at(0),
    );
    chromium = await launchChromium({ viewport: DESKTOP, locale: 'en-US', timezoneId: 'UTC' });
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await stripe?.close();
    await paypal?.close();
  });

  const checkPage = (name: string) => checkLayout(page, `console-${name}`);

  /** An affiliate with a due commission and a payout account, whose payout request waits for approval. */
  const requestedPayout = async (
    refCode: string,
    account: Record<string, string>,
    customerEmail?: string,
  ) => {
    const affiliate = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: refCode, email: `${refCode}@example.com`, refCode, productScope: 'all' },
      })
    ).body;
    const click = await fetch(`${app.baseUrl}/r/${refCode}/p/desk`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(click.headers.get('location') ?? '').searchParams.get('tt_click');
    await app.call('POST', '/v1/orders', {
      body: {
        orderId: `desk-${refCode}`,
        paidAt: at(MINUTE),
        currency: 'USD',
        clickId,
        lines: [{ productId: 'desk', quantity: 1, amountCents: 60000 }],
      },
    });
    if (customerEmail)
      await app.call('POST', '/v1/orders', {
        body: {
          orderId: `own-${refCode}`,
          paidAt: at(2 * MINUTE),
          currency: 'USD',
          clickId,
          customerEmail,
          lines: [{ productId: 'desk', quantity: 1, amountCents: 1000 }],
        },
      });
    return { ...affiliate, account };
  };

  it('lists a requested payout with the history and risk hints, rejects one with a reason and approves one that Stripe sends', async () => {
    await app.call('PUT', '/v1/admin/rules', {
      body: { holdDays: 7, minPayoutCents: 1000, defaultRateBps: 1000 },
    });
    await app.call('PUT', '/v1/admin/products/desk', {
      body: { name: 'Desk', url: 'https://shop.test/desk', eligible: true },
    });
    const jane = await requestedPayout(
      'jane',
      { method: 'stripe_connect', accountId: 'acct_jane000001' },
      'jane@example.com',
    );
    const bob = await requestedPayout('bob', { method: 'paypal', email: 'bob@example.com' });
    const cara = await requestedPayout('cara', { method: 'paypal', email: 'cara@example.com' });

    // The refund hold ends: the due scheduler (its tick is 100 ms in tests) makes the commissions due.
    app.setNow(at(7 * DAY + 10 * MINUTE));
    for (const affiliate of [jane, bob, cara]) {
      await app.waitFor(
        async () => (await app.balances(affiliate.affiliateId)).dueCents === 6000,
        `${affiliate.refCode}'s commission to be due`,
        30_000,
      );
      await app.call('PUT', '/v1/me/payout-account', {
        token: affiliate.apiKey,
        body: affiliate.account,
      });
      expect((await app.call('POST', '/v1/me/payouts', { token: affiliate.apiKey })).status).toBe(
        201,
      );
    }

    await page.goto(`${app.baseUrl}/console/payouts`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payouts' }).waitFor();
    const queue = page.getByRole('table', { name: 'Payouts waiting for approval' });
    const janeRow = queue.getByRole('row', { name: /^jane/ });
    await janeRow.waitFor({ timeout: 30_000 });
    const janeText = (await janeRow.textContent()) ?? '';
    expect(janeText).toContain('$60.00');
    expect(janeText).toContain('Stripe Connect');
    expect(janeText).toContain('New account');
    expect(janeText).toContain('Payout account changed');
    expect(janeText).toContain('Self-referral');
    expect(janeText).toContain('Paid before $0.00');
    await checkPage('payouts-queue');

    // Rejecting needs a reason: without one, the server refuses and nothing changes.
    const bobRow = queue.getByRole('row', { name: /^bob/ });
    await bobRow.getByRole('button', { name: 'Reject' }).click();
    await bobRow.getByRole('button', { name: 'Reject payout' }).click();
    await bobRow.getByRole('alert').waitFor();
    expect((await app.call('GET', '/v1/admin/payouts?status=requested')).body.items).toHaveLength(
      3,
    );
    await bobRow.getByLabel('Reason').fill('Orders under review');
    await bobRow.getByRole('button', { name: 'Reject payout' }).click();
    await page.getByRole('status').filter({ hasText: 'rejected' }).waitFor();
    await bobRow.waitFor({ state: 'detached' });

    await janeRow.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'approved' }).waitFor();
    const latest = page.getByRole('table', { name: 'The latest payouts' });
    const sent = latest.getByRole('row').filter({ hasText: 'sent' });
    await sent.waitFor({ timeout: 30_000 });
    expect(stripe.transfers).toHaveLength(1);
    expect(stripe.transfers[0]).toMatchObject({ amount: 6000, destination: 'acct_jane000001' });
    expect(await sent.textContent()).toContain(stripe.transfers[0]?.id);
    expect(await latest.getByRole('row').filter({ hasText: 'rejected' }).textContent()).toContain(
      'Orders under review',
    );

    // Cara's PayPal payout cannot be sent (PayPal refuses the credentials): it waits in the attention list
    // with the provider's answer, and Cancel (once the provider is checked) returns the amount to due.
    await queue
      .getByRole('row', { name: /^cara/ })
      .getByRole('button', { name: 'Approve' })
      .click();
    const attention = page.getByRole('table', { name: 'Payouts that need attention' });
    const caraRow = attention.getByRole('row').filter({ hasText: 'provider_' });
    await caraRow.waitFor({ timeout: 30_000 });
    await page.getByText('No payout waits for approval.').waitFor();
    await checkPage('payouts-attention');
    await caraRow.getByRole('button', { name: 'Cancel' }).click();
    await caraRow.getByLabel('Reason').fill('PayPal shows no payment');
    await caraRow.getByRole('button', { name: 'Cancel payout' }).click();
    await caraRow.getByRole('alert').waitFor(); // the provider was not checked: refused, nothing changes
    expect((await app.balances(cara.affiliateId)).dueCents).toBe(0);
    await caraRow.getByLabel('I checked with the provider that nothing was paid').check();
    await caraRow.getByRole('button', { name: 'Cancel payout' }).click();
    await page.getByText('No payout needs attention.').waitFor();
    await app.waitFor(
      async () => (await app.balances(cara.affiliateId)).dueCents === 6000,
      "cara's amount back to due",
    );
    await latest.getByRole('row').filter({ hasText: 'cancelled' }).waitFor();
    await checkPage('payouts');
  });
});
