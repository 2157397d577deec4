'use strict';
/**
 * 4. Re-attribution dry run over the generated log (100k orders and 1M clicks in the full run), under a
 * shorter cookie window, against the same plain read (`readAll`) of the same store. Each measurement
 * runs in its own process. Plugs into `Reattribute` from @threadtrak/application; without it the row is
 * 'pending'.
 */
const {
  alternate,
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

const REQUEST = {
  from: '2025-01-01T00:00:00.000Z',
  to: '2026-01-01T00:00:00.000Z',
  rules: { cookieWindowDays: 7 },
  dryRun: true,
};

const available = () => typeof dist('application').Reattribute === 'function';

const child = async (kind, logPath) => {
  const { SqliteEventStore } = dist('event-store');
  const store = new SqliteEventStore({ path: logPath });
  const head = await store.headPosition();
  const started = process.hrtime.bigint();
  let detail;
  if (kind === 'read') {
    let events = 0;
    for await (const event of store.readAll()) if (event.position > 0) events++;
    detail = { events };
  } else {
    const { EventLog, Facts, Reattribute } = dist('application');
    const log = new EventLog(store);
    const reattribute = new Reattribute(log, new Facts(log), {
      now: () => new Date('2026-01-02T00:00:00.000Z'),
    });
    const result = await reattribute.run(REQUEST);
    detail = { ordersExamined: result.ordersExamined, changes: result.changes.length };
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  process.stdout.write(
    `${JSON.stringify({ seconds, eps: Math.round(head / seconds), ...detail, peakRssMb: Math.round(peakRssMb()) })}\n`,
  );
};

if (option('child')) {
  child(option('child'), option('log')).then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
} else {
  runSuite('reattribution', async ({ quick, log }) => {
    const clicks = quick ? 100_000 : 1_000_000;
    const generated = await ensureLog({ clicks, log });
    const figure = `Re-attribution dry run (cookie window 30 → 7 days) over ${fmt(generated.orders)} orders, ${fmt(generated.clicks)} clicks (${fmt(generated.events)} events)`;
    const yardstick = 'plain readAll of the same events, same SQLite store';
    if (!available()) {
      return [
        row({
          id: 'reattribution',
          figure,
          yardstick,
          ratio: null,
          target: 0.5,
          status: 'pending',
          note: 'Reattribute is not in @threadtrak/application yet: the harness is ready',
        }),
      ];
    }
    const rounds = 3;
    const results = await alternate(
      rounds,
      {
        reattribute: () =>
          runChild(__filename, ['--child=reattribute', `--log=${generated.path}`], { log }),
        read: () => runChild(__filename, ['--child=read', `--log=${generated.path}`], { log }),
      },
      log,
    );
    const last = results.reattribute[results.reattribute.length - 1];
    return [
      row({
        id: 'reattribution',
        figure: `${figure}: ${fmt(median(results.reattribute.map((r) => r.eps)))} events/s (${fmt(median(results.reattribute.map((r) => r.seconds)), 1)} s, ${fmt(last.ordersExamined)} orders examined, ${fmt(last.changes)} changes), peak RSS ${fmt(Math.max(...results.reattribute.map((r) => r.peakRssMb)))} MB`,
        yardstick: `${yardstick}: ${fmt(median(results.read.map((r) => r.eps)))} events/s`,
        ratio: medianRatio(results.reattribute, results.read, (r) => r.eps),
        target: 0.5,
        note: `${rounds} rounds, each in a fresh process`,
      }),
    ];
  });
}
