import { openConsole } from './console-catalog';

/** Products in a real browser: add, refuse bad input, edit, search. */
describe('the console: Products', () => {
  let console_: Awaited<ReturnType<typeof openConsole>>;
  beforeAll(async () => {
    console_ = await openConsole('/products', 'Products');
  });
  afterAll(() => console_?.close());

  const listed = async () =>
    (await console_.app.call('GET', '/v1/console/products')).body.products as {
      productId: string;
    }[];

  it('a product with a bad URL is refused next to the field, and nothing is listed', async () => {
    const { page } = console_;
    await page.getByText('No product yet').waitFor();
    await page.getByRole('button', { name: 'New product' }).click();
    await page.getByLabel('Product id').fill('lamp');
    await page.getByLabel('Name').fill('Lamp');
    await page.getByLabel('Product page URL').fill('not a url');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByRole('alert').first().waitFor();
    expect(await listed()).toEqual([]);
  });

  it('adds a product with its own rate, then edits it to stop earning', async () => {
    const { page } = console_;
    await page.getByLabel('Product page URL').fill('https://shop.test/lamp');
    await page.getByLabel('Rate (%)').fill('12');
    await page.getByRole('button', { name: 'Add product' }).click();
    await page.getByText('Lamp saved.').waitFor();
    const row = page.getByRole('row', { name: /^Lamp/ });
    expect(await row.textContent()).toMatch(/lamp.*Yes.*12%/);

    await page.getByRole('button', { name: 'Edit Lamp' }).click();
    expect(await page.getByLabel('Product id').getAttribute('readonly')).not.toBeNull();
    await page.getByLabel('Earns commission').uncheck();
    await page.getByRole('button', { name: 'Save product' }).click();
    await page.getByText('Lamp saved.').waitFor();
    await row.getByText('Not eligible').waitFor();
    expect(await listed()).toEqual([
      expect.objectContaining({ productId: 'lamp', eligible: false, rateBps: 1200 }),
    ]);
    await console_.checkPage('products');
  });

  it('search narrows the list', async () => {
    const { page } = console_;
    await page.getByLabel('Search products').fill('mug');
    await page.getByText('No product matches “mug”.').waitFor();
    await page.getByLabel('Search products').fill('LAM');
    await page.getByRole('row', { name: /^Lamp/ }).waitFor();
  });
});
