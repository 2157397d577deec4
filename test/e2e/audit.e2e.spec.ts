import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startTestApp, type TestApp } from './harness';

const ROOT = resolve(__dirname, '../..');

describe('audit over HTTP and from the CLI', () => {
  let app: TestApp;
  let affiliate: { affiliateId: string; apiKey: string };
  jest.setTimeout(60_000);
  beforeAll(async () => {
    app = await startTestApp({}, '2026-01-10T12:00:00.000Z');
    await app.call('PUT', '/v1/admin/products/tee', {
      body: { name: 'Tee', url: 'https://shop.test/tee', eligible: true },
    });
    affiliate = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    for (const orderId of ['ord-1', 'ord-2']) {
      const click = await fetch(`${app.baseUrl}/r/jane`, {
        redirect: 'manual',
        headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0' },
      });
      const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
      await app.call('POST', '/v1/orders', {
        body: {
          orderId,
          paidAt: '2026-01-10T12:01:00Z',
          currency: 'USD',
          clickId,
          lines: [{ productId: 'tee', quantity: 1, amountCents: 5000 }],
        },
      });
    }
    await app.call('POST', '/v1/orders/ord-2/refunds', {
      body: { refundId: 'ref-2', refundedAt: '2026-01-10T12:02:00Z' },
    });
  });
  afterAll(async () => app.close());

  const cli = (...args: string[]) =>
    spawnSync(
      process.execPath,
      ['-r', './scripts/register-paths.js', 'dist/apps/cli/src/main.js', 'audit', ...args],
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

  it('GET /v1/admin/audit answers the balances, the invariants and the chain', async () => {
    const audit = await app.call('GET', '/v1/admin/audit');
    expect(audit.status).toBe(200);
    const balances = {
      earnedCents: 1000,
      reversedCents: 500,
      pendingCents: 500,
      dueCents: 0,
      requestedCents: 0,
      paidCents: 0,
    };
    expect(audit.body).toMatchObject({
      affiliates: [{ affiliateId: affiliate.affiliateId, ...balances }],
      totals: balances,
    });
    expect(Date.parse(audit.body.at)).not.toBeNaN();
    expect(audit.body.invariants.length).toBeGreaterThanOrEqual(5);
    expect(audit.body.invariants.every((i: { ok: boolean }) => i.ok)).toBe(true);
    const head = await app.head();
    expect(audit.body.chain).toEqual({
      ok: true,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      headPosition: head,
      events: head,
    });

    expect((await app.call('GET', '/docs-json', { token: null })).body.paths).toHaveProperty([
      '/v1/admin/audit',
    ]);

    const before = await app.call('GET', '/v1/admin/audit?at=2020-01-01T00:00:00Z');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      at: '2020-01-01T00:00:00.000Z',
      affiliates: [],
      totals: { earnedCents: 0 },
    });
  });

  it('a bad instant is 400 validation_failed; an affiliate key is 403', async () => {
    const bad = await app.call('GET', '/v1/admin/audit?at=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect((await app.call('GET', '/v1/admin/audit', { token: affiliate.apiKey })).status).toBe(
      403,
    );
    expect((await app.call('GET', '/v1/admin/audit', { token: null })).status).toBe(401);
  });

  it('the CLI prints the table as CSV or the report as JSON, and the head hash on stderr', async () => {
    const csv = cli('--format', 'csv');
    expect(csv.status).toBe(0);
    expect(csv.stdout.trimEnd().split('\n')).toEqual([
      'affiliateId,earnedCents,reversedCents,pendingCents,dueCents,requestedCents,paidCents',
      `${affiliate.affiliateId},1000,500,500,0,0,0`,
      'total,1000,500,500,0,0,0',
    ]);
    const { chain } = (await app.call('GET', '/v1/admin/audit')).body;
    expect(csv.stderr).toContain(`head ${chain.headPosition} ${chain.headHash}: chain ok`);
    const json = cli('--at', '2099-01-01T00:00:00Z');
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      at: '2099-01-01T00:00:00.000Z',
      totals: { earnedCents: 1000 },
      chain: { ok: true, headHash: chain.headHash },
    });
    expect(cli('--at', 'soon').status).toBe(2);
  });

  it('an event altered directly in the SQLite file is named by the audit', async () => {
    const db = new Database(join(app.dir, 'events.db'));
    const row = db
      .prepare(
        `SELECT position, stream FROM events WHERE type = 'CommissionEarned' ORDER BY position LIMIT 1`,
      )
      .get() as { position: number; stream: string };
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.amountCents', 100000) WHERE position = ?`,
    ).run(row.position);
    db.close();
    const audit = await app.call('GET', '/v1/admin/audit');
    expect(audit.status).toBe(200);
    expect(audit.body.chain).toMatchObject({
      ok: false,
      brokenAt: {
        position: row.position,
        streamName: row.stream,
        type: 'CommissionEarned',
        reason: expect.stringMatching(/^edited/),
      },
    });
    const names = audit.body.invariants
      .filter((i: { ok: boolean }) => !i.ok)
      .map((i: { name: string }) => i.name);
    expect(names).toEqual(expect.arrayContaining(['commissions_traced']));
    const cliRun = cli('--format', 'csv');
    expect(cliRun.status).toBe(3);
    expect(cliRun.stderr).toContain(
      `chain BROKEN at position ${row.position} (${row.stream}, CommissionEarned)`,
    );
  });
});
