import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { FakePayPalServer } from '../../libs/payouts/testing/fake-paypal.server';
import { BROWSER, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

const PASSWORD = 'a long portal password';
const DAY = 86_400_000;

/**
 * The affiliate's whole journey in a real browser, against the compiled app with a fake PayPal:
 * invite → password → login → links copied → QR decoded → PayPal set → a sale appears → payout sent.
 * Every page is checked with axe-core, at phone width, and photographed for the README.
 */
describe('the affiliate portal in a browser', () => {
  let app: TestApp;
  let paypal: FakePayPalServer;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const start = Date.now();

  beforeAll(async () => {
    paypal = await FakePayPalServer.start();
    // The app's clock starts at the real now, so the browser's "last 30 days" covers the sale.
    app = await startTestApp(
      {
        PAYPAL_CLIENT_ID: paypal.clientId,
        PAYPAL_CLIENT_SECRET: paypal.clientSecret,
        PAYPAL_API_BASE: paypal.url,
      },
      new Date(start).toISOString(),
    );
    chromium = await launchChromium({
      viewport: DESKTOP,
      acceptDownloads: true,
      timezoneId: 'Europe/Paris',
      locale: 'en-US',
    });
    context = chromium.context;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.baseUrl });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
    await paypal?.close();
  });

  /** axe, phone width without sideways scrolling, and a screenshot at both widths. */
  const checkPage = (name: string) => checkLayout(page, `${name}`);
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  const go = async (link: string) => {
    await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await heading(link);
  };

  let affiliate: { affiliateId: string; apiKey: string; refCode: string; inviteUrl: string };

  it('an invited affiliate sets a password and logs in', async () => {
    await app.call('PUT', '/v1/admin/rules', {
      body: {
        currency: 'EUR',
        holdDays: 1,
        minPayoutCents: 1000,
        defaultRateBps: 1000,
        cookieWindowDays: 45,
      },
    });
    await app.call('PUT', '/v1/admin/products/tee', {
      body: {
        name: 'Organic tee',
        url: 'https://shop.test/tee',
        checkoutUrl: 'https://shop.test/buy/tee',
        eligible: true,
      },
    });
    await app.call('PUT', '/v1/admin/products/mug', {
      body: { name: 'Mug', url: 'https://shop.test/mug', eligible: true },
    });
    const registered = await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Ann Lee', email: 'ann@example.com', productScope: ['tee'] },
    });
    expect(registered.status).toBe(201);
    affiliate = registered.body;

    await page.goto(`${app.baseUrl}${new URL(affiliate.inviteUrl).pathname}`);
    await heading('Choose your password');
    await checkPage('invite');
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('Repeat the password').fill('short');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Choose a password of at least 10 characters.').waitFor();
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Set password' }).click();

    await heading('Log in to your partner dashboard');
    await page.getByText('Your password is set.').waitFor();
    await page.getByLabel('Email').fill('ann@example.com');
    await page.getByLabel('Password').fill('not my password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That email and password do not match an account.').waitFor();
    await checkPage('login');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Overview');
    const cookies = await context.cookies(app.baseUrl);
    expect(cookies.find((cookie) => cookie.name === 'tt_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
    });
  });

  it('copies each kind of link, and the product picker offers only products in scope', async () => {
    await go('Links');
    const options = await page.getByLabel('Product').locator('option').allTextContents();
    expect(options).toEqual(['Choose a product', 'Organic tee']);
    await page.getByLabel('Product').selectOption({ label: 'Organic tee' });
    await page.getByLabel('Campaign', { exact: true }).fill('Spring Sale');
    await page.getByText('A campaign is 1 to 64 lower-case letters, digits or dashes').waitFor();
    await page.getByLabel('Campaign', { exact: true }).fill('spring-sale');

    const expected = (
      await app.call('GET', '/v1/me/links?productId=tee', { token: affiliate.apiKey })
    ).body;
    const tagged = (
      await app.call('GET', '/v1/me/links?campaign=spring-sale', { token: affiliate.apiKey })
    ).body;
    const wanted: Record<string, string> = {
      canonical: expected.canonical,
      product: expected.product,
      purchase: expected.purchase,
      campaign: tagged.canonical,
    };
    for (const [kind, url] of Object.entries(wanted)) {
      const button = page.getByRole('button', { name: `Copy ${kind} link` });
      await expect(button.isEnabled()).resolves.toBe(true);
      await button.click();
      await page.getByText(' copied to the clipboard.').waitFor();
      expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
    }
    expect(wanted.campaign).toContain('c=spring-sale');
    expect(wanted.purchase).toContain(`/r/${affiliate.refCode}/buy/tee`);
    await page.locator('.qr-preview img').waitFor();
    await checkPage('links');
  });

  it('downloads a QR code that decodes back to the link, as PNG and as SVG', async () => {
    const expected = (
      await app.call('GET', '/v1/me/links?productId=tee', { token: affiliate.apiKey })
    ).body;
    await page.getByLabel('Link', { exact: true }).selectOption({ label: 'Product link' });
    await page.getByLabel('PNG').check();
    await page.getByLabel('Size').selectOption('512');
    await page.getByLabel('Error correction').selectOption('Q');
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download QR' }).click(),
    ]);
    expect(png.suggestedFilename()).toBe('qr-product-512.png');
    const image = PNG.sync.read(readFileSync((await png.path())!));
    expect(image.width).toBe(512);
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(
      expected.product,
    );

    await page.getByLabel('SVG').check();
    const [svg] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download QR' }).click(),
    ]);
    expect(svg.suggestedFilename()).toBe('qr-product-512.svg');
    expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<svg|^<\?xml/);
    await page.getByText('Quiet zone:').waitFor();
    await page.getByText('Test-scan:').waitFor();
  });

  it('sets a PayPal email, shown masked', async () => {
    await go('Payout account');
    await page.getByLabel('PayPal email').fill('not-an-email');
    await page.getByRole('button', { name: 'Save PayPal email' }).click();
    await page.getByText('Email must be an email').waitFor();
    await page.getByLabel('PayPal email').fill('ann.paypal@example.com');
    await page.getByRole('button', { name: 'Save PayPal email' }).click();
    await page.getByText('PayPal: a***@example.com').waitFor();
    await page.getByRole('button', { name: 'Connect Stripe' }).waitFor();
    await checkPage('payout-account');
  });

  it('a sale posted through the API appears as a commission, in the program currency', async () => {
    await go('Commissions');
    await page.getByText('No commissions yet.').waitFor();
    const click = await fetch(`${app.baseUrl}/r/${affiliate.refCode}/p/tee?c=spring-sale`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    const order = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'order-1001',
        paidAt: new Date(start).toISOString(),
        currency: 'EUR',
        clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 25_000 }],
      },
    });
    expect(order.body).toMatchObject({ attributed: true, commissionCents: 2_500 });
    await app.waitFor(
      async () => {
        await page.reload();
        return page
          .getByRole('rowheader', { name: 'order-1001' })
          .isVisible({ timeout: 2_000 })
          .catch(() => false);
      },
      'the commission to show',
      30_000,
    );
    const row = page.getByRole('row', { name: /order-1001/ });
    expect(await row.textContent()).toContain('€25.00');
    expect(await row.textContent()).toContain('Pending');
    await checkPage('commissions');

    await go('Overview');
    await page.getByRole('img', { name: /1 clicks and 1 sales/ }).waitFor();
    await page.getByText('Clicks but no sales?').click();
    await page.getByText('within the last 45 days').waitFor();
    expect(await page.getByRole('row', { name: /spring-sale/ }).textContent()).toContain('€25.00');
    await checkPage('overview');
  });

  it('requests a payout once the commission is due, and sees it approved and sent', async () => {
    app.setNow(new Date(start + 2 * DAY));
    await app.waitFor(
      async () => (await app.balances(affiliate.affiliateId)).dueCents === 2_500,
      'the commission to be due',
      30_000,
    );
    await go('Payouts');
    await app.waitFor(
      async () => {
        await page.reload();
        return (
          (await page
            .locator('.cards')
            .first()
            .textContent({ timeout: 2_000 })
            .catch(() => '')) ?? ''
        ).includes('€25.00');
      },
      'the due balance to show',
      30_000,
    );
    expect(await page.locator('.cards').first().textContent()).toContain('€10.00');
    await page.getByRole('button', { name: 'Request payout' }).click();
    await page.getByText('Payout of €25.00 requested.').waitFor();
    const payout = await app.waitFor(
      async () => (await app.call('GET', '/v1/me/payouts', { token: affiliate.apiKey })).body[0],
      'the payout to be listed',
    );
    expect((await app.call('POST', `/v1/admin/payouts/${payout.payoutId}/approve`)).status).toBe(
      200,
    );
    // PayPal answers a batch as pending; the saga polls it on its backoff schedule, by the app's clock.
    let now = start + 2 * DAY;
    await app.waitFor(
      async () => {
        app.setNow(new Date((now += 60_000)));
        return page.getByRole('cell', { name: 'Sent', exact: true }).isVisible();
      },
      'the payout to show as sent',
      60_000,
    );
    const sent = (await app.call('GET', '/v1/me/payouts', { token: affiliate.apiKey })).body[0];
    expect(sent.providerRef).toBeTruthy();
    await page.getByText(sent.providerRef).waitFor();
    await checkPage('payouts');
  });

  it('Help shows the rules in force, read from the program', async () => {
    await go('Help');
    await page.getByText('45 days').waitFor();
    expect(await page.getByRole('main').textContent()).toContain('€10.00');
    await checkPage('help');
  });

  it('is keyboard navigable: the skip link and the navigation work without a mouse', async () => {
    await page.goto(`${app.baseUrl}/portal/`);
    await heading('Overview');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate('document.activeElement.textContent')) === 'Help') break;
    }
    await page.keyboard.press('Enter');
    await heading('Help');
  });

  it('logging out ends the session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await heading('Log in to your partner dashboard');
    await page.goto(`${app.baseUrl}/portal/commissions`);
    await heading('Log in to your partner dashboard');
  });
});
