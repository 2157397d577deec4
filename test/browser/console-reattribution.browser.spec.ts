import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, BROWSER, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

/** Re-attribution in a real browser: dry run → apply → dry run again shows no change. */
describe('the console: Re-attribution', () => {
  let app: TestApp;
  let chromium: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let ann: { affiliateId: string };
  let bob: { affiliateId: string };

  beforeAll(async () => {
    app = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    const register = async (name: string) =>
      (
        await app.call('POST', '/v1/admin/affiliates', {
          body: {
            name,
            email: `${name.toLowerCase()}@example.com`,
            refCode: name.toLowerCase(),
            productScope: 'all',
          },
        })
      ).body;
    ann = await register('Ann');
    bob = await register('Bob');
    // The visitor comes through Ann on day 1, through Bob on day 2, and buys: last click says Bob.
    const first = await fetch(`${app.baseUrl}/r/ann`, { redirect: 'manual', headers: BROWSER });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    app.setNow('2026-06-02T09:00:00Z');
    const second = await fetch(`${app.baseUrl}/r/bob`, {
      redirect: 'manual',
      headers: { ...BROWSER, cookie },
    });
    const clickId = new URL(second.headers.get('location')!).searchParams.get('tt_click')!;
    const order = await app.call('POST', '/v1/orders', {
      body: {
        orderId: 'lamp-1',
        paidAt: '2026-06-02T09:03:00Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 10000 }],
      },
    });
    expect(order.body).toMatchObject({ affiliateId: bob.affiliateId, commissionCents: 1000 });

    // The session cookie expires by the app's clock: the browser lives in the present.
    app.setNow(new Date());
    chromium = await launchChromium({ viewport: DESKTOP, timezoneId: 'UTC', locale: 'en-US' });
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.setDefaultTimeout(15_000);
    await page.goto(`${app.baseUrl}/console/reattribution`);
    await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Re-attribution');
  });
  afterAll(async () => {
    await chromium?.close();
    await app?.close();
  });

  const heading = (name: string) => page.getByRole('heading', { level: 1, name }).waitFor();
  const checkPage = (name: string) => checkLayout(page, `console-${name}`);
  const chooseRange = async () => {
    await page.getByLabel('From').fill('2026-06-01');
    await page.getByLabel('To', { exact: true }).fill('2026-06-02');
    await page.getByLabel('Attribution model').selectOption('first_click');
  };
  /** What the console wrote since `head` (the due scheduler runs beside it: the clock is in the present). */
  const adminWritesSince = async (head: number) => {
    const written: string[] = [];
    for await (const event of app.store.readAll({ after: head }))
      if (event.metadata.actor?.startsWith('admin')) written.push(event.type);
    return written;
  };
  const result = () => page.getByRole('region', { name: 'Dry run result' });

  it('a range that ends before it starts is refused, and nothing is written', async () => {
    const head = await app.head();
    await page.getByLabel('From').fill('2026-06-03');
    await page.getByLabel('To', { exact: true }).fill('2026-06-01');
    await page.getByRole('button', { name: 'Dry run' }).click();
    await page.getByRole('alert').first().waitFor();
    expect(await result().count()).toBe(0);
    expect(await adminWritesSince(head)).toEqual([]);
  });

  it('the dry run shows the order that moves, the change per affiliate and its chart', async () => {
    const head = await app.head();
    await chooseRange();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await result().waitFor();
    expect(await result().textContent()).toContain('1 order would change');
    const moved = result().getByRole('row', { name: /lamp-1/ });
    expect(await moved.textContent()).toMatch(/Bob, \$10\.00.*Ann, \$10\.00/);
    expect(await result().getByRole('row', { name: /^Ann/ }).textContent()).toContain('+$10.00');
    expect(await result().getByRole('row', { name: /^Bob/ }).textContent()).toContain('−$10.00');
    await result()
      .getByRole('img', { name: /Change per affiliate:.*Ann \+\$10\.00/ })
      .waitFor();
    await result().locator('.recharts-bar-rectangle').first().waitFor();
    expect(await adminWritesSince(head)).toEqual([]);
    await checkPage('reattribution-dry-run');
  });

  it('Apply asks for confirmation, then records it with who applied it', async () => {
    await page.getByRole('button', { name: 'Apply' }).click();
    const confirm = page.getByRole('group', { name: 'Apply this re-attribution?' });
    await confirm.waitFor();
    await checkPage('reattribution-confirm');
    await confirm.getByRole('button', { name: 'Confirm apply' }).click();
    await page.getByText(/Applied ra_[0-9a-f]{16}: 1 order moved/).waitFor();
    const applied = page.getByRole('row', { name: /admin:console/ });
    await applied.waitFor();
    expect(await applied.textContent()).toMatch(/First click.*1 of 1.*Ann: \+\$10\.00/);
    expect(await app.balances(ann.affiliateId)).toMatchObject({ earnedCents: 1000 });
    expect(await app.balances(bob.affiliateId)).toMatchObject({ reversedCents: 1000 });
  });

  it('the same dry run again shows no change, and says when it was applied', async () => {
    const head = await app.head();
    await chooseRange();
    await page.getByRole('button', { name: 'Dry run' }).click();
    await result().waitFor();
    expect(await result().textContent()).toContain('no order changes');
    expect(await result().textContent()).toContain('These rules were applied to this range on');
    expect(await result().getByRole('button', { name: 'Apply' }).count()).toBe(0);
    expect(await adminWritesSince(head)).toEqual([]);
    await checkPage('reattribution');
  });
});
