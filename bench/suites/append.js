'use strict';
/**
 * 2. Append: single-event appends from 50 concurrent callers, and 100-event batches, on our SQLite and
 *    PostgreSQL adapters against Emmett's SQLite and PostgreSQL event stores, alternating, same run.
 * 5. The limit: the same rows written by raw better-sqlite3 in transactions of 100, and by raw `pg`
 *    multi-row INSERTs of 100: what the disk and the engine allow. No target.
 * Every contender writes a fresh file / schema in each round, so none pays for a bigger table.
 */
const { randomUUID } = require('node:crypto');
const { rmSync } = require('node:fs');
const { join } = require('node:path');
const {
  ROOT,
  alternate,
  benchDatabaseUrl,
  createBenchDatabase,
  dist,
  dropBenchDatabase,
  fmt,
  median,
  medianRatio,
  row,
  runSuite,
  workDir,
} = require('../lib/common');
const { emmettPostgresql, emmettSqlite } = require('../lib/emmett');

const CALLERS = 50;
const BATCH = 100;

/** A realistic ClickRecorded payload (≈ 330 bytes of JSON). */
const clickData = () => {
  const visitorId = randomUUID().replace(/-/g, '').slice(0, 22);
  return {
    clickId: `${visitorId}.${randomUUID().slice(0, 12)}`,
    visitorId,
    affiliateId: 'aff_0123456789abcdef',
    refCode: 'bench',
    linkKind: 'product',
    productId: 'tee-42',
    campaign: 'youtube-launch',
    bot: false,
    ipHash: 'b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c',
    occurredAt: new Date().toISOString(),
  };
};
const clickEvent = () => ({
  id: randomUUID(),
  type: 'ClickRecorded',
  data: clickData(),
  metadata: { actor: 'visitor' },
});

/** `callers` loops each appending one event to a new stream until the time is up; events per second. */
const concurrentSingles = async (seconds, append, callers = CALLERS) => {
  const until = Date.now() + seconds * 1000;
  let count = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (Date.now() < until) {
        try {
          await append();
          count++;
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { eps: Math.round(count / elapsed), count, errors };
};

/** One caller appending 100-event batches until the time is up; events per second. */
const batches = async (seconds, appendBatch) => {
  const until = Date.now() + seconds * 1000;
  let count = 0;
  const started = process.hrtime.bigint();
  while (Date.now() < until) {
    await appendBatch();
    count += BATCH;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { eps: Math.round(count / elapsed), count, errors: 0 };
};

const visitorStream = () => `visitor-${randomUUID()}`;

let serial = 0;
const fresh = (dir, name) => {
  const path = join(dir, `${name}-${++serial}.db`);
  return path;
};

/** Emmett's SQLite store (0.38.5) closes its one shared connection after every call, so concurrent
 * calls fail (SQLITE_MISUSE / SQLITE_BUSY). Its callers must queue: this is that queue. */
const queued = () => {
  let chain = Promise.resolve();
  return (fn) => {
    const next = chain.then(fn);
    chain = next.catch(() => undefined);
    return next;
  };
};

/** Runs `body` with console.log silenced: Emmett's SQLite store logs every failed transaction. */
const quietly = async (body) => {
  const original = console.log;
  console.log = () => {};
  try {
    return await body();
  } finally {
    console.log = original;
  }
};

runSuite('append', async ({ quick, log }) => {
  const rounds = quick ? 3 : 5;
  const seconds = quick ? 1.5 : 4;
  const dir = workDir('append');
  rmSync(dir, { recursive: true, force: true });
  workDir('append');
  const { SqliteEventStore, PostgresEventStore } = dist('event-store');
  const { SQLITE_SCHEMA } = require(
    join(ROOT, 'dist/libs/event-store/src/sqlite/sqlite-schema.js'),
  );
  const Database = require('better-sqlite3');
  const { Pool } = require('pg');
  const emmettLite = emmettSqlite();
  const emmettPg = emmettPostgresql();
  await createBenchDatabase();
  let schemaSerial = 0;
  const pgSchema = (name) => `${name}_${++schemaSerial}`;

  /** Our adapter on a fresh store: single-event appends from many callers, or batches of BATCH. */
  const measureOurs = (open) => async (mode) => {
    const store = await open();
    try {
      return mode === 'single'
        ? await concurrentSingles(seconds, () =>
            store.appendToStream(visitorStream(), [clickEvent()], { expectedRevision: 'any' }),
          )
        : await batches(seconds, () =>
            store.appendToStream(visitorStream(), Array.from({ length: BATCH }, clickEvent), {
              expectedRevision: 'any',
            }),
          );
    } finally {
      await store.close();
    }
  };
  const ours = {
    sqlite: measureOurs(async () => new SqliteEventStore({ path: fresh(dir, 'ours') })),
    pg: measureOurs(() =>
      PostgresEventStore.connect({ connectionString: benchDatabaseUrl(pgSchema('ours')) }),
    ),
  };

  const emmettEvent = () => ({
    type: 'ClickRecorded',
    data: clickData(),
    metadata: { actor: 'visitor' },
  });
  const emmett = {
    sqlite: async (mode) => {
      const store = emmettLite.module.getSQLiteEventStore({ fileName: fresh(dir, 'emmett') });
      const queue = queued();
      return quietly(() =>
        mode === 'single'
          ? concurrentSingles(seconds, () =>
              queue(() => store.appendToStream(visitorStream(), [emmettEvent()])),
            )
          : batches(seconds, () =>
              store.appendToStream(visitorStream(), Array.from({ length: BATCH }, emmettEvent)),
            ),
      );
    },
    pg: async (mode) => {
      // Emmett's PostgreSQL store has no schema option: it uses the bench database's public schema,
      // whose emt_* tables are truncated after each round.
      const store = emmettPg.module.getPostgreSQLEventStore(benchDatabaseUrl());
      try {
        await store.appendToStream(`warmup-${randomUUID()}`, [emmettEvent()]);
        const result =
          mode === 'single'
            ? await concurrentSingles(seconds, () =>
                store.appendToStream(visitorStream(), [emmettEvent()]),
              )
            : await batches(seconds, () =>
                store.appendToStream(visitorStream(), Array.from({ length: BATCH }, emmettEvent)),
              );
        return result;
      } finally {
        await store.close();
        const pool = new Pool({ connectionString: benchDatabaseUrl() });
        await pool
          .query(
            "SELECT string_agg(format('TRUNCATE %I.%I', schemaname, tablename), '; ') AS sql FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'emt_%'",
          )
          .then(({ rows }) => rows[0].sql && pool.query(rows[0].sql));
        await pool.end();
      }
    },
  };

  /** The same rows our SQLite adapter writes (same table, same pragmas), 100 per transaction. */
  const rawSqlite = async () => {
    const db = new Database(fresh(dir, 'raw'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SQLITE_SCHEMA);
    const insert = db.prepare(
      'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const writeBatch = db.transaction((events) => {
      for (const e of events)
        insert.run(
          visitorStream(),
          0,
          e.id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          Date.now(),
        );
    });
    try {
      return await batches(seconds, async () =>
        writeBatch(Array.from({ length: BATCH }, clickEvent)),
      );
    } finally {
      db.close();
    }
  };

  /** The same rows our PostgreSQL adapter writes (same table), one multi-row INSERT of 100 per statement. */
  const rawPg = async () => {
    const store = await PostgresEventStore.connect({
      connectionString: benchDatabaseUrl(pgSchema('raw')),
    });
    const schema = store.schema;
    await store.close();
    const pool = new Pool({ connectionString: benchDatabaseUrl(), max: 1 });
    const placeholders = Array.from(
      { length: BATCH },
      (_, i) =>
        `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6})`,
    ).join(', ');
    const sql = `INSERT INTO "${schema}".events (stream, revision, id, type, data, metadata) VALUES ${placeholders}`;
    try {
      return await batches(seconds, () =>
        pool.query(
          sql,
          Array.from({ length: BATCH }, clickEvent).flatMap((e) => [
            visitorStream(),
            0,
            e.id,
            e.type,
            JSON.stringify(e.data),
            JSON.stringify(e.metadata),
          ]),
        ),
      );
    } finally {
      await pool.end();
    }
  };

  const rows = [];
  const versus = async ({ id, figure, yardstick, oursRun, theirsRun, unavailable, target }) => {
    if (unavailable) {
      rows.push(
        row({ id, figure, yardstick, ratio: null, target, status: 'failed', note: unavailable }),
      );
      return;
    }
    log(`${id}`);
    const results = await alternate(rounds, { ours: oursRun, theirs: theirsRun }, log);
    const oursEps = median(results.ours.map((r) => r.eps));
    const theirsEps = median(results.theirs.map((r) => r.eps));
    const errors =
      results.theirs.reduce((n, r) => n + r.errors, 0) +
      results.ours.reduce((n, r) => n + r.errors, 0);
    rows.push(
      row({
        id,
        figure: `${figure}: ${fmt(oursEps)} events/s`,
        yardstick: `${yardstick}: ${fmt(theirsEps)} events/s`,
        ratio: medianRatio(results.ours, results.theirs, (r) => r.eps),
        target,
        checks: errors ? [{ name: 'no failed appends', ok: false, value: `${errors} failed` }] : [],
        note: `${rounds} rounds × ${seconds} s each side`,
      }),
    );
  };

  try {
    const single = `single-event appends, ${CALLERS} concurrent callers`;
    const batch = `${BATCH}-event batches, one caller`;
    await versus({
      id: 'append-sqlite-single',
      figure: `Append, ours SQLite, ${single}`,
      yardstick: 'Emmett SQLite 0.38.5 (calls queued, see notes)',
      oursRun: () => ours.sqlite('single'),
      theirsRun: () => emmett.sqlite('single'),
      unavailable: emmettLite.error,
      target: 1.0,
    });
    await versus({
      id: 'append-sqlite-batch',
      figure: `Append, ours SQLite, ${batch}`,
      yardstick: 'Emmett SQLite 0.38.5',
      oursRun: () => ours.sqlite('batch'),
      theirsRun: () => emmett.sqlite('batch'),
      unavailable: emmettLite.error,
      target: 1.0,
    });
    await versus({
      id: 'append-pg-single',
      figure: `Append, ours PostgreSQL, ${single}`,
      yardstick: 'Emmett PostgreSQL 0.42.0',
      oursRun: () => ours.pg('single'),
      theirsRun: () => emmett.pg('single'),
      unavailable: emmettPg.error,
      target: 1.0,
    });
    await versus({
      id: 'append-pg-batch',
      figure: `Append, ours PostgreSQL, ${batch}`,
      yardstick: 'Emmett PostgreSQL 0.42.0',
      oursRun: () => ours.pg('batch'),
      theirsRun: () => emmett.pg('batch'),
      unavailable: emmettPg.error,
      target: 1.0,
    });
    await versus({
      id: 'limit-sqlite',
      figure: `Limit, ours SQLite, ${single}`,
      yardstick: 'raw better-sqlite3, same rows, transactions of 100',
      oursRun: () => ours.sqlite('single'),
      theirsRun: rawSqlite,
      target: null,
    });
    await versus({
      id: 'limit-pg',
      figure: `Limit, ours PostgreSQL, ${single}`,
      yardstick: 'raw pg, same rows, multi-row INSERTs of 100',
      oursRun: () => ours.pg('single'),
      theirsRun: rawPg,
      target: null,
    });
  } finally {
    await dropBenchDatabase();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
});
