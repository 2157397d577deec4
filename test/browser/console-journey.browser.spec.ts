import type { BrowserContext, Page } from 'playwright-core';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

/**
 * The program console in a real browser, against the compiled app: one walk per page, each checked with
 * axe-core, at phone width, and photographed (docs/screenshots/console-*.png).
 */
describe('the program console in a browser', () => {
  let app: TestApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let page: Page;
  const start = Date.now();

  beforeAll(async () => {
    app = await startTestApp({}, new Date(start).toISOString());
    chromium = await launchChromium({
      viewport: DESKTOP,
      acceptDownloads: true,
      timezoneId: 'Europe/Paris',
      locale: 'en-US',
    });
    context = chromium.context;
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  const checkPage = (name: string) => checkLayout(page, `console-${name}`);
  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();

  it('logs in with the admin token once; the browser keeps only an httpOnly cookie', async () => {
    await page.goto(`${app.baseUrl}/console/rules`);
    await heading('Log in to the program console');
    await page.getByLabel('Admin token').fill('not the token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('That is not the admin token.').waitFor();
    await checkPage('login');
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Rules');

    const cookies = await context.cookies(app.baseUrl);
    const session = cookies.find((cookie) => cookie.name === 'tt_console');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(session!.value).not.toContain(ADMIN_TOKEN);
    const stored = (await page.evaluate(
      'JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage), document.cookie])',
    )) as string;
    expect(stored).not.toContain(ADMIN_TOKEN);
    expect(await page.content()).not.toContain(ADMIN_TOKEN);
  });

  it('Rules: the rules in force, an edit shows what changes, and the history says who and when', async () => {
    await page.getByText('The rules have never been set').waitFor();
    await page.getByRole('button', { name: 'Edit rules' }).click();
    await page.getByLabel('Currency').fill('EUR');
    await page.getByLabel('Refund hold (days)').fill('1');
    await page.getByLabel('Minimum payout').fill('10');
    await page.getByRole('button', { name: 'Review changes' }).click();
    const diff = page.getByRole('region', { name: 'What changes' });
    await diff.waitFor();
    expect(await diff.getByRole('row', { name: /Refund hold/ }).textContent()).toMatch(
      /30 days.*1 day/,
    );
    expect(await diff.getByRole('row', { name: /Minimum payout/ }).textContent()).toMatch(
      /\$50\.00.*€10\.00/,
    );
    await checkPage('rules-edit');
    await page.getByRole('button', { name: 'Save as version 1' }).click();
    await page.getByText('Rules saved as version 1.').waitFor();
    const latest = page.getByRole('row', { name: /^1 / });
    await latest.waitFor();
    expect(await latest.textContent()).toContain('admin:console');
    expect(await latest.textContent()).toContain('Refund hold: 30 days → 1 day');
    expect((await app.call('GET', '/v1/admin/rules')).body).toMatchObject({
      version: 1,
      currency: 'EUR',
      holdDays: 1,
      minPayoutCents: 1000,
    });
    await checkPage('rules');
  });

  it('is keyboard navigable: the skip link and the navigation work without a mouse', async () => {
    await page.goto(`${app.baseUrl}/console/`);
    await heading('Rules');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
  });

  it('logging out ends the session', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await heading('Log in to the program console');
    await page.goto(`${app.baseUrl}/console/rules`);
    await heading('Log in to the program console');
    expect(
      (await context.cookies(app.baseUrl)).find((c) => c.name === 'tt_console'),
    ).toBeUndefined();
  });
});
