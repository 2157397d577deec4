import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BROWSER, startTestApp, type TestApp } from './harness';

const ROOT = resolve(__dirname, '../..');

/**
 * The cli dispatches the api's commands and queries on the same buses to the same handlers: the same
 * request gives the same answer whichever door it came through.
 */
describe('the cli and the api answer the same command the same', () => {
  let app: TestApp;
  let ann: { affiliateId: string };
  let bob: { affiliateId: string };
  jest.setTimeout(90_000);

  const cli = (...args: string[]) => {
    const run = spawnSync(
      process.execPath,
      ['-r', './scripts/register-paths.js', 'dist/apps/cli/src/main.js', ...args],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          EVENT_STORE_URL: `sqlite:${join(app.dir, 'events.db')}`,
          DATA_DIR: app.dir,
          ADMIN_TOKEN: 'unused',
        },
        encoding: 'utf8',
      },
    );
    return { ...run, json: () => JSON.parse(run.stdout) };
  };

  beforeAll(async () => {
    app = await startTestApp({}, '2026-06-01T09:00:00.000Z');
    await app.call('PUT', '/v1/admin/products/lamp', {
      body: { name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
    });
    const register = async (name: string) =>
      (
        await app.call('POST', '/v1/admin/affiliates', {
          body: { name, email: `${name}@example.com`, refCode: name, productScope: 'all' },
        })
      ).body;
    ann = await register('ann');
    bob = await register('bob');
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
  });
  afterAll(async () => app?.close());

  const range = { from: '2026-06-01T00:00:00Z', to: '2026-06-03T00:00:00Z' };
  const rules = { attributionModel: 'first_click' };

  it('a re-attribution dry run: the same answer from both, and neither writes', async () => {
    const head = await app.head();
    const overApi = await app.call('POST', '/v1/admin/reattributions', {
      body: { ...range, rules, dryRun: true },
    });
    const rulesFile = join(app.dir, 'first-click.json');
    writeFileSync(rulesFile, JSON.stringify(rules));
    const fromCli = cli(
      'reattribute',
      '--from',
      range.from,
      '--to',
      range.to,
      '--rules',
      rulesFile,
      '--format',
      'json',
    );

    expect(fromCli.status).toBe(0);
    expect(overApi.status).toBe(200);
    expect(overApi.body.changes).toHaveLength(1);
    expect(fromCli.json()).toEqual(overApi.body);
    expect(await app.head()).toBe(head);
  });

  it('a re-attribution applied by the cli is the one the api then answers, and it applies once', async () => {
    const rulesFile = join(app.dir, 'first-click.json');
    const args = ['reattribute', '--from', range.from, '--to', range.to, '--rules', rulesFile];
    const applied = cli(...args, '--apply', '--format', 'json');
    expect(applied.status).toBe(0);
    expect(applied.json()).toMatchObject({ appliedAt: expect.any(String) });
    const head = await app.head();

    const again = await app.call('POST', '/v1/admin/reattributions', {
      body: { ...range, rules, dryRun: false },
    });
    expect(again.body).toEqual(applied.json());
    expect(await app.head()).toBe(head);
    expect(await app.balances(ann.affiliateId)).toMatchObject({ earnedCents: 1000 });
    expect(await app.balances(bob.affiliateId)).toMatchObject({ reversedCents: 1000 });
  });

  it('the audit as of an instant and the head: the same from both', async () => {
    const at = '2099-01-01T00:00:00Z';
    const overApi = await app.call('GET', `/v1/admin/audit?at=${at}`);
    const fromCli = cli('audit', '--at', at);
    expect(fromCli.status).toBe(0);
    expect(fromCli.json()).toEqual(overApi.body);
    expect(cli('head').json()).toEqual({ headPosition: await app.head() });
  });

  it('a refusal reads the same: the code and message the api answers, exit status 2', async () => {
    const overApi = await app.call('POST', '/v1/admin/reattributions', {
      body: { from: range.to, to: range.from, dryRun: true },
    });
    const fromCli = cli('reattribute', '--from', range.to, '--to', range.from);
    expect(overApi.status).toBeGreaterThanOrEqual(400);
    expect(fromCli.status).toBe(2);
    expect(fromCli.stderr).toContain(`${overApi.body.error.code}: ${overApi.body.error.message}`);
  });
});
