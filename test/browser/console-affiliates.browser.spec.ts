import { BROWSER } from '../e2e/harness';
import { openConsole } from './console-catalog';

/** Affiliates in a real browser: register with an invite link, edit, suspend, balances, commissions. */
describe('the console: Affiliates', () => {
  let console_: Awaited<ReturnType<typeof openConsole>>;
  beforeAll(async () => {
    console_ = await openConsole('/affiliates', 'Affiliates', async (app) => {
      for (const [productId, name] of [
        ['lamp', 'Lamp'],
        ['mug', 'Mug'],
      ])
        await app.call('PUT', `/v1/admin/products/${productId}`, {
          body: { name, url: `https://shop.test/${productId}`, eligible: true },
        });
    });
  });
  afterAll(() => console_?.close());

  const ann = async () =>
    (
      (await console_.app.call('GET', '/v1/admin/affiliates')).body as {
        refCode: string;
        [field: string]: unknown;
      }[]
    ).find((a) => a.refCode === 'ann')!;

  it('registers an affiliate: the invite link and the API key shown once', async () => {
    const { page } = console_;
    await page.getByText('No affiliate yet.').waitFor();
    await page.getByRole('button', { name: 'New affiliate' }).click();
    await page.getByLabel('Name').fill('Ann');
    await page.getByLabel('Email').fill('ann@example.com');
    await page.getByLabel('Ref code').fill('ann');
    await page.getByRole('button', { name: 'Register affiliate' }).click();
    const created = page.getByRole('region', { name: 'Ann is registered' });
    await created.waitFor();
    expect(await created.textContent()).toMatch(/\/portal\/invite\/\S+/);
    expect(await created.textContent()).toMatch(/API key/);
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('row', { name: /^Ann/ }).waitFor();
  });

  it('a ref code already taken is refused, and nobody is registered', async () => {
    const { page, app } = console_;
    await page.getByRole('button', { name: 'New affiliate' }).click();
    await page.getByLabel('Name').fill('Another Ann');
    await page.getByLabel('Email').fill('ann2@example.com');
    await page.getByLabel('Ref code').fill('ann');
    await page.getByRole('button', { name: 'Register affiliate' }).click();
    await page.getByRole('alert').first().waitFor();
    expect((await app.call('GET', '/v1/admin/affiliates')).body).toHaveLength(1);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('edits the rate, the product scope and the promotion codes', async () => {
    const { page } = console_;
    await page.getByRole('button', { name: 'Ann', exact: true }).click();
    const detail = page.getByRole('region', { name: 'Ann' });
    await detail.waitFor();
    expect(page.url()).toMatch(/\/console\/affiliates\?id=aff_/);
    await detail.getByLabel('Rate (%)').fill('15');
    await detail.getByLabel('Promotion codes').fill('ann10, annspring');
    await detail.getByLabel('All products').uncheck();
    await detail.getByLabel('Lamp').check();
    await detail.getByRole('button', { name: 'Save changes' }).click();
    await detail.getByText('Changes saved.').waitFor();
    expect(await ann()).toMatchObject({
      rateBps: 1500,
      productScope: ['lamp'],
      promoCodes: ['ANN10', 'ANNSPRING'],
    });
    await page.getByRole('row', { name: /^Ann/ }).getByText('15%').waitFor();
  });

  it('suspends and reactivates; a new invite link', async () => {
    const { page } = console_;
    const detail = page.getByRole('region', { name: 'Ann' });
    await detail.getByRole('button', { name: 'Suspend' }).click();
    await detail.getByText('Ann is suspended').waitFor();
    await page.getByRole('row', { name: /^Ann/ }).getByText('Suspended').waitFor();
    expect(await ann()).toMatchObject({ status: 'suspended' });
    await detail.getByRole('button', { name: 'Reactivate' }).click();
    await detail.getByText('Ann is active again.').waitFor();
    expect(await ann()).toMatchObject({ status: 'active' });
    await detail.getByRole('button', { name: 'New invite link' }).click();
    await detail.getByText(/Invite link \(one use, 7 days\): \S+\/portal\/invite\//).waitFor();
  });

  it('shows the balances and the commissions, each linking to its order', async () => {
    const { page, app } = console_;
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
    const id = (await ann()).affiliateId as string;
    await page.goto(`${app.baseUrl}/console/affiliates?id=${id}`);
    const detail = page.getByRole('region', { name: 'Ann' });
    await detail.getByRole('row', { name: /lamp-1/ }).waitFor();
    expect(await detail.getByRole('row', { name: /lamp-1/ }).textContent()).toContain('$15.00');
    expect(await detail.locator('dl.cards').textContent()).toContain('Earned$15.00');
    await console_.checkPage('affiliates');
    await detail.getByRole('link', { name: 'lamp-1' }).click();
    await page.getByRole('region', { name: 'Order lamp-1' }).waitFor();
  });
});
