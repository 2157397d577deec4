'use strict';
/**
 * 3. Rebuild: every read model rebuilt from position 0 into Redis by replayProjections, from the
 * generated log in our SQLite store, against a plain read (`readAll`) of the same events from the same
 * store. Each measurement runs in its own process, which reports its peak RSS.
 */
const {
  REDIS_PREFIX_ROOT,
  REDIS_URL,
  alternate,
  cleanRedis,
  dist,
  fmt,
  median,
  medianRatio,
  option,
  peakRssMb,
  row,
  runSuite,
} = require('../lib/common');
const { runChild } = require('../lib/child');
const { ensureLog } = require('../lib/generate-log');

const RSS_LIMIT_MB = 300;

/** Child: `--child=read|rebuild --log=PATH [--prefix=P]` prints `{seconds, events, peakRssMb}`. */
const child = async (kind, logPath, prefix) => {
  const { SqliteEventStore } = dist('event-store');
  const store = new SqliteEventStore({ path: logPath });
  const head = await store.headPosition();
  const started = process.hrtime.bigint();
  let events = 0;
  if (kind === 'read') {
    for await (const event of store.readAll()) if (event.position > 0) events++;
  } else {
    const { replayProjections, RedisReadModelStore } = dist('read-models');
    const readModels = new RedisReadModelStore({ redis: REDIS_URL, prefix });
    await replayProjections({
      eventStore: store,
      store: readModels,
      onError: (name, error) => process.stderr.write(`${name}: ${error.stack}\n`),
    });
    await readModels.close();
    events = head;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  process.stdout.write(
    `${JSON.stringify({ seconds, events, eps: Math.round(events / seconds), peakRssMb: Math.round(peakRssMb()) })}\n`,
  );
};

if (option('child')) {
  child(option('child'), option('log'), option('prefix')).then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
} else {
  runSuite('rebuild', async ({ quick, log }) => {
    const clicks = quick ? 100_000 : 1_000_000;
    const generated = await ensureLog({ clicks, log });
    const rounds = 3;
    const prefix = `${REDIS_PREFIX_ROOT}rebuild:`;
    try {
      const results = await alternate(
        rounds,
        {
          rebuild: async () => {
            await cleanRedis(prefix);
            return runChild(
              __filename,
              ['--child=rebuild', `--log=${generated.path}`, `--prefix=${prefix}`],
              { log },
            );
          },
          read: () => runChild(__filename, ['--child=read', `--log=${generated.path}`], { log }),
        },
        log,
      );
      const rss = Math.max(...results.rebuild.map((r) => r.peakRssMb));
      return [
        row({
          id: 'rebuild',
          figure: `Rebuild of all read models into Redis from ${fmt(generated.events)} events: ${fmt(median(results.rebuild.map((r) => r.eps)))} events/s, peak RSS ${fmt(rss)} MB`,
          yardstick: `plain readAll of the same events, same SQLite store: ${fmt(median(results.read.map((r) => r.eps)))} events/s, peak RSS ${fmt(Math.max(...results.read.map((r) => r.peakRssMb)))} MB`,
          ratio: medianRatio(results.rebuild, results.read, (r) => r.eps),
          target: 0.5,
          checks: [
            {
              name: `peak RSS ≤ ${RSS_LIMIT_MB} MB`,
              ok: rss <= RSS_LIMIT_MB,
              value: `${fmt(rss)} MB`,
            },
          ],
          note: `${rounds} rounds, each in a fresh process; log of ${fmt(generated.clicks)} clicks, ${fmt(generated.orders)} orders`,
        }),
      ];
    } finally {
      await cleanRedis(prefix);
    }
  });
}
