'use strict';
/**
 * 1. Redirect: `GET /r/{code}?c=…` from distinct visitors (no cookie: every request is a new visitor),
 * 50 connections, against a bare node:http server answering the same 302. Then durability: a run of a
 * fixed number of requests must leave exactly as many ClickRecorded events as it got 302s.
 * On the embedded store (SQLite, in-memory read models) and on PostgreSQL + Redis.
 */
const { join } = require('node:path');
const { rmSync } = require('node:fs');
const {
  REDIS_URL,
  REDIS_PREFIX_ROOT,
  alternate,
  benchDatabaseUrl,
  cleanRedis,
  createBenchDatabase,
  dropBenchDatabase,
  fmt,
  median,
  medianRatio,
  row,
  runSuite,
  workDir,
} = require('../lib/common');
const { startApp, startBareServer } = require('../lib/app');
const { load } = require('../lib/load');

const P99_LIMIT_MS = 15;

const countClicks = async (eventStoreUrl) => {
  if (eventStoreUrl.startsWith('sqlite:')) {
    const Database = require('better-sqlite3');
    const db = new Database(eventStoreUrl.slice('sqlite:'.length), { readonly: true });
    try {
      return db.prepare("SELECT count(*) AS n FROM events WHERE type = 'ClickRecorded'").get().n;
    } finally {
      db.close();
    }
  }
  const { Client } = require('pg');
  const url = new URL(eventStoreUrl);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM "${schema}".events WHERE type = 'ClickRecorded'`,
    );
    return rows[0].n;
  } finally {
    await client.end();
  }
};

const measure = async ({ label, env, eventStoreUrl, quick, log }) => {
  const rounds = quick ? 3 : 5;
  const duration = quick ? 2 : 5;
  const app = await startApp({ env });
  const bare = await startBareServer();
  try {
    await app.call('PUT', '/v1/admin/rules', { body: {} });
    await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Bench', email: 'bench@example.com', refCode: 'bench', productScope: 'all' },
    });
    const path = '/r/bench?c=launch';
    // Warm both (JIT, connection pools) before the measured rounds.
    await load({ url: bare.baseUrl + path, duration: 1, expect: 302 });
    await load({ url: app.baseUrl + path, duration: 1, expect: 302 });
    const results = await alternate(
      rounds,
      {
        app: () => load({ url: app.baseUrl + path, duration, expect: 302 }),
        bare: () => load({ url: bare.baseUrl + path, duration, expect: 302 }),
      },
      log,
    );
    const before = await countClicks(eventStoreUrl);
    const amount = quick ? 5_000 : 20_000;
    const durability = await load({ url: app.baseUrl + path, amount, expect: 302 });
    await app.stop();
    const stored = (await countClicks(eventStoreUrl)) - before;
    log(
      `${label} durability: ${durability.ok} 302s, ${stored} ClickRecorded, ${durability.other} other answers`,
    );
    const p99 = median(results.app.map((r) => r.p99));
    const ratio = medianRatio(results.app, results.bare, (r) => r.rps);
    return row({
      id: `redirect-${label.includes('Postgre') ? 'pg' : 'sqlite'}`,
      figure: `Redirect, ${label}: ${fmt(median(results.app.map((r) => r.rps)))} req/s, p50 ${fmt(median(results.app.map((r) => r.p50)), 1)} ms, p99 ${fmt(p99, 1)} ms`,
      yardstick: `bare node:http 302: ${fmt(median(results.bare.map((r) => r.rps)))} req/s, p99 ${fmt(median(results.bare.map((r) => r.p99)), 1)} ms`,
      ratio,
      target: 0.5,
      checks: [
        {
          name: `p99 ≤ ${P99_LIMIT_MS} ms`,
          ok: p99 <= P99_LIMIT_MS,
          value: `p99 ${fmt(p99, 1)} ms`,
        },
        {
          name: '302s = ClickRecorded',
          ok: stored === durability.ok && durability.other === 0,
          value: `${fmt(durability.ok)} 302s, ${fmt(stored)} ClickRecorded`,
        },
      ],
      note: `${rounds} rounds × ${duration} s each side, 50 connections; durability run of ${fmt(amount)} requests`,
    });
  } finally {
    await app.stop();
    await bare.stop();
  }
};

runSuite('redirect', async ({ quick, log }) => {
  const dir = workDir('redirect');
  rmSync(dir, { recursive: true, force: true });
  const rows = [];
  const sqliteUrl = `sqlite:${join(dir, 'events.db')}`;
  rows.push(
    await measure({
      label: 'embedded (SQLite, in-memory read models)',
      eventStoreUrl: sqliteUrl,
      env: { EVENT_STORE_URL: sqliteUrl, DATA_DIR: dir },
      quick,
      log,
    }),
  );

  await createBenchDatabase();
  const prefix = `${REDIS_PREFIX_ROOT}redirect:`;
  try {
    const pgUrl = benchDatabaseUrl('bench_redirect');
    rows.push(
      await measure({
        label: 'PostgreSQL + Redis',
        eventStoreUrl: pgUrl,
        env: { EVENT_STORE_URL: pgUrl, REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: join(dir, 'pg') },
        quick,
        log,
      }),
    );
  } finally {
    await cleanRedis(prefix);
    await dropBenchDatabase();
  }
  return rows;
});
