'use strict';
/**
 * 6. Dashboard read: `GET /v1/me/dashboard` over a whole year, with 1,000 affiliates × 365 days of
 * counters in Redis, 50 connections, each request a random affiliate's key; against `GET /healthz` on
 * the same app, same load generator. The affiliates are registered through the admin API; their daily
 * counters are written straight into Redis under the app's keys (keys.ts), as the projection would.
 */
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const {
  REDIS_PREFIX_ROOT,
  REDIS_URL,
  alternate,
  cleanRedis,
  dist,
  fmt,
  median,
  medianRatio,
  row,
  runSuite,
  workDir,
} = require('../lib/common');
const { startApp } = require('../lib/app');
const { load } = require('../lib/load');

const AFFILIATES = 1000;
const DAYS = 365;
const FROM = '2025-01-01';
const TO = '2025-12-31';

const seedCounters = async (prefix, affiliateIds, log) => {
  const { Redis } = require('ioredis');
  const { statsKeys, cellField, balanceKeys } = dist('read-models');
  const keys = statsKeys('affiliate-stats');
  const redis = new Redis(REDIS_URL);
  const start = Date.parse(`${FROM}T00:00:00.000Z`);
  let pipeline = redis.pipeline();
  let queued = 0;
  let n = 0;
  for (const affiliateId of affiliateIds) {
    for (let d = 0; d < DAYS; d++) {
      const day = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
      n++;
      // A typical day: untagged clicks on two link kinds, one campaign, now and then a sale.
      const fields = {};
      for (const [campaign, kind] of [
        [undefined, 'canonical'],
        [undefined, 'product'],
        ['youtube-launch', 'product'],
      ]) {
        fields[cellField(campaign, kind, 'clicks')] = String(5 + (n % 40));
        fields[cellField(campaign, kind, 'uniqueClicks')] = String(3 + (n % 30));
      }
      if (n % 3 === 0)
        Object.assign(fields, {
          [cellField(undefined, 'product', 'sales')]: '1',
          [cellField(undefined, 'product', 'revenueCents')]: '4200',
          [cellField(undefined, 'product', 'commissionCents')]: '420',
        });
      pipeline.hset(prefix + keys.day(affiliateId, day), fields);
      if (++queued === 10_000) {
        await pipeline.exec();
        pipeline = redis.pipeline();
        queued = 0;
      }
    }
    pipeline.hset(prefix + balanceKeys.affiliate(affiliateId), {
      pendingCents: '12000',
      dueCents: '30000',
      paidCents: '90000',
    });
  }
  await pipeline.exec();
  log(`seeded ${n} day documents`);
  redis.disconnect();
};

runSuite('dashboard', async ({ quick, log }) => {
  const rounds = quick ? 3 : 5;
  const duration = quick ? 2 : 5;
  const dir = workDir('dashboard');
  rmSync(dir, { recursive: true, force: true });
  workDir('dashboard');
  const prefix = `${REDIS_PREFIX_ROOT}dashboard:`;
  await cleanRedis(prefix);
  const eventStoreUrl = `sqlite:${join(dir, 'events.db')}`;
  const app = await startApp({
    env: { EVENT_STORE_URL: eventStoreUrl, DATA_DIR: dir, REDIS_URL, REDIS_PREFIX: prefix },
    apiOnly: true,
  });
  try {
    await app.call('PUT', '/v1/admin/rules', { body: {} });
    const affiliates = [];
    for (let i = 0; i < AFFILIATES; i += 25) {
      affiliates.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(25, AFFILIATES - i) }, (_, k) =>
            app.call('POST', '/v1/admin/affiliates', {
              body: {
                name: `A${i + k}`,
                email: `a${i + k}@example.com`,
                refCode: `aff-${i + k}`,
                productScope: 'all',
              },
            }),
          ),
        )),
      );
    }
    log(`registered ${affiliates.length} affiliates`);
    await seedCounters(
      prefix,
      affiliates.map((a) => a.affiliateId),
      log,
    );
    const keys = affiliates.map((a) => a.apiKey);
    const dashboardPath = `/v1/me/dashboard?from=${FROM}&to=${TO}`;
    const check = await fetch(`${app.baseUrl}${dashboardPath}`, {
      headers: { authorization: `Bearer ${keys[0]}` },
    }).then((r) => r.json());
    if (check.byDay?.length !== DAYS || !(check.totals?.clicks > 0))
      throw new Error(`unexpected dashboard: ${JSON.stringify(check).slice(0, 300)}`);
    let next = 0;
    const dashboard = () =>
      load({
        url: app.baseUrl,
        duration,
        requests: [
          {
            method: 'GET',
            path: dashboardPath,
            setupRequest: (request) => ({
              ...request,
              headers: {
                ...request.headers,
                authorization: `Bearer ${keys[next++ % keys.length]}`,
              },
            }),
          },
        ],
      });
    const health = () => load({ url: `${app.baseUrl}/healthz`, duration });
    await dashboard();
    await health();
    const results = await alternate(rounds, { dashboard, health }, log);
    return [
      row({
        id: 'dashboard',
        figure: `Dashboard read, a year of one affiliate (${AFFILIATES.toLocaleString('en-US')} affiliates × ${DAYS} days in Redis): ${fmt(median(results.dashboard.map((r) => r.rps)))} req/s, p50 ${fmt(median(results.dashboard.map((r) => r.p50)), 1)} ms, p99 ${fmt(median(results.dashboard.map((r) => r.p99)), 1)} ms`,
        yardstick: `GET /healthz, same app: ${fmt(median(results.health.map((r) => r.rps)))} req/s, p99 ${fmt(median(results.health.map((r) => r.p99)), 1)} ms`,
        ratio: medianRatio(results.dashboard, results.health, (r) => r.rps),
        target: 0.5,
        note: `${rounds} rounds × ${duration} s each side, 50 connections`,
      }),
    ];
  } finally {
    await app.stop();
    await cleanRedis(prefix);
    rmSync(dir, { recursive: true, force: true });
  }
});
