import {
  PostgresEventStore,
  SqliteEventStore,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
} from '@threadtrak/event-store';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Audit } from '../../src/audit/audit';

const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Data whose JSON does not survive jsonb byte for byte: key order, numbers, nesting, non-ASCII. */
const awkward = (n: number) => ({
  z: n,
  a: { y: [1, { b: 2, a: 1 }], x: 'é ✓ "quoted"\n' },
  big: 1e21,
  small: 1e-7,
  fraction: 0.1 + 0.2,
  nothing: null,
});
const events = (count: number, from = 0): EventToAppend[] =>
  Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    type: i % 2 ? 'SomethingHappened' : 'OtherThing',
    data: awkward(from + i),
    metadata: { actor: 'system:spec', k: from + i },
  }));

/** Appends `streams` streams of `perStream` events, all at once (so they land in group commits). */
const fill = async (store: EventStore, streams = 5, perStream = 8) => {
  await Promise.all(
    Array.from({ length: streams }, (_, s) =>
      store.appendToStream(`thing-${s}`, events(perStream, s * 100)),
    ),
  );
  await Promise.all(
    Array.from({ length: streams }, (_, s) =>
      store.appendToStream(`thing-${s}`, events(2, s * 100 + 50)),
    ),
  );
};

const recorded = async (store: EventStore): Promise<RecordedEvent[]> => {
  const out: RecordedEvent[] = [];
  for await (const event of store.readAll()) out.push(event);
  return out;
};

const chainOf = async (store: EventStore) => (await new Audit(store).run()).chain;

describe('hash chain on SQLite: an edited or deleted row is found and named', () => {
  let dir: string;
  let path: string;
  let store: SqliteEventStore;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tt-chain-'));
    path = join(dir, 'events.db');
    store = new SqliteEventStore({ path });
    await fill(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const underTheStore = <T>(work: (db: Database.Database) => T): T => {
    const db = new Database(path);
    try {
      return work(db);
    } finally {
      db.close();
    }
  };

  it('an honest log: every event hashed, the chain holds, the head hash is the last event’s', async () => {
    const all = await recorded(store);
    expect(all.every((event) => /^[0-9a-f]{64}$/.test(event.hash!))).toBe(true);
    expect(all.map((event) => event.position)).toEqual(all.map((_, i) => i + 1));
    expect(await chainOf(store)).toEqual({
      ok: true,
      headHash: all[all.length - 1]!.hash,
      headPosition: all.length,
      events: all.length,
    });
  });

  it('UPDATE of one row’s data: the chain breaks at that position, naming its stream and type', async () => {
    const victim = (await recorded(store))[17]!;
    underTheStore((db) =>
      db
        .prepare(`UPDATE events SET data = json_set(data, '$.z', 999) WHERE position = ?`)
        .run(victim.position),
    );
    const chain = await chainOf(store);
    expect(chain.ok).toBe(false);
    expect(chain.brokenAt).toEqual({
      position: victim.position,
      streamName: victim.streamName,
      type: victim.type,
      reason: expect.stringMatching(/^edited/),
    });
  });

  it('an edited recorded time, metadata or hash column is an edit too', async () => {
    const all = await recorded(store);
    for (const [column, value] of [
      ['recorded_at', 'recorded_at + 1'],
      ['metadata', `'{}'`],
      ['hash', `'${'0'.repeat(64)}'`],
      ['hash', 'NULL'],
    ]) {
      const victim = all[Math.floor(Math.random() * all.length)]!;
      underTheStore((db) =>
        db
          .prepare(`UPDATE events SET ${column} = ${value} WHERE position = ?`)
          .run(victim.position),
      );
      expect({ column, brokenAt: (await chainOf(store)).brokenAt }).toEqual({
        column,
        brokenAt: expect.objectContaining({
          position: victim.position,
          reason: expect.stringMatching(/^edited/),
        }),
      });
      underTheStore((db) =>
        db
          .prepare(`UPDATE events SET ${column} = ? WHERE position = ?`)
          .run(
            column === 'metadata'
              ? JSON.stringify(victim.metadata)
              : column === 'hash'
                ? victim.hash
                : victim.recordedAt.getTime(),
            victim.position,
          ),
      );
      expect((await chainOf(store)).ok).toBe(true);
    }
  });

  it('DELETE of one row: the chain breaks at the next event, naming the missing position', async () => {
    const all = await recorded(store);
    const victim = all[20]!;
    underTheStore((db) => db.prepare('DELETE FROM events WHERE position = ?').run(victim.position));
    const chain = await chainOf(store);
    expect(chain.ok).toBe(false);
    expect(chain.brokenAt).toEqual({
      position: all[21]!.position,
      streamName: all[21]!.streamName,
      type: all[21]!.type,
      reason: expect.stringContaining(`deleted: no event at position ${victim.position}`),
    });
    // Appends go on; the break stays where it is.
    await store.appendToStream('thing-0', events(3));
    expect((await chainOf(store)).brokenAt?.position).toBe(all[21]!.position);
  });

  it('a conflicting append rolled back inside a group commit leaves no gap and no break', async () => {
    const head = await store.headPosition();
    const outcomes = await Promise.allSettled([
      store.appendToStream('thing-1', events(2)),
      store.appendToStream('thing-2', events(2), { expectedRevision: 0 }),
      store.appendToStream('thing-3', events(2)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const after = (await recorded(store))
      .filter((event) => event.position > head)
      .map((event) => event.position);
    expect(after).toEqual([head + 1, head + 2, head + 3, head + 4]);
    expect(await chainOf(store)).toMatchObject({ ok: true, events: head + 4 });
  });

  it('two connections appending to one file (two processes) keep one chain', async () => {
    const other = new SqliteEventStore({ path });
    try {
      await Promise.all([fill(store, 3, 5), fill(other, 3, 5), fill(store, 2, 3)]);
      expect(await chainOf(other)).toMatchObject({ ok: true, events: await store.headPosition() });
    } finally {
      await other.close();
    }
  });
});

describe('hash chain: files and stores without it', () => {
  it('a file written before the chain: the column is added, the chain starts at the first new event', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tt-chain-legacy-'));
    const path = join(dir, 'events.db');
    const db = new Database(path);
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL,
      type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream, revision), UNIQUE (stream, id))`);
    const insert = db.prepare(
      'INSERT INTO events (stream, revision, id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    for (let i = 0; i < 4; i++)
      insert.run('old', i, randomUUID(), 'OldThing', '{"n":1}', '{}', Date.now());
    db.close();
    const store = new SqliteEventStore({ path });
    try {
      await store.appendToStream('old', events(3), { expectedRevision: 3 });
      const all = await recorded(store);
      expect(all.map((event) => event.hash === undefined)).toEqual([
        true,
        true,
        true,
        true,
        false,
        false,
        false,
      ]);
      expect(await chainOf(store)).toMatchObject({
        ok: true,
        events: 3,
        startsAt: 5,
        reason: 'events before position 5 predate the hash chain',
      });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a store that keeps no hashes (EventStoreDB): the chain is not checked, the balances are', async () => {
    const inner = new SqliteEventStore({ path: ':memory:' });
    await fill(inner, 1, 3);
    const noHashes: EventStore = Object.assign(Object.create(inner), {
      async *readAll() {
        for await (const { hash: _, ...event } of inner.readAll()) yield event;
      },
    });
    const report = await new Audit(noHashes).run();
    expect(report.chain).toEqual({
      ok: null,
      headHash: null,
      headPosition: 5,
      events: 0,
      reason: 'not supported by this store',
    });
    expect(report.invariants.every((i) => i.ok)).toBe(true);
    await inner.close();
  });
});

describe('hash chain on PostgreSQL', () => {
  const schema = `audit_chain_${process.pid}_${Date.now().toString(36)}`;
  let store: PostgresEventStore;
  let sql: Client;
  beforeAll(async () => {
    sql = new Client({ connectionString: POSTGRES_URL });
    await sql.connect();
  });
  beforeEach(async () => {
    await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    store = await PostgresEventStore.connect({ connectionString: POSTGRES_URL, schema });
    await fill(store);
  });
  afterEach(async () => store.close());
  afterAll(async () => {
    await sql.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await sql.end();
  });

  it('an honest log survives jsonb (key order, numbers) and concurrent group commits', async () => {
    const all = await recorded(store);
    expect(all).toHaveLength(50);
    expect(all[0]!.data).toEqual(awkward(0));
    expect(await chainOf(store)).toEqual({
      ok: true,
      headHash: all[49]!.hash,
      headPosition: all[49]!.position,
      events: 50,
    });
  });

  it('an UPDATE of one row’s data is an edit at that position; a DELETE breaks the next one', async () => {
    const all = await recorded(store);
    await sql.query(
      `UPDATE "${schema}".events SET data = jsonb_set(data, '{z}', '999') WHERE position = $1`,
      [all[9]!.position],
    );
    expect((await chainOf(store)).brokenAt).toEqual({
      position: all[9]!.position,
      streamName: all[9]!.streamName,
      type: all[9]!.type,
      reason: expect.stringMatching(/^edited/),
    });
    await sql.query(`UPDATE "${schema}".events SET data = $2 WHERE position = $1`, [
      all[9]!.position,
      JSON.stringify(all[9]!.data),
    ]);
    expect((await chainOf(store)).ok).toBe(true);

    await sql.query(`DELETE FROM "${schema}".events WHERE position = $1`, [all[30]!.position]);
    expect((await chainOf(store)).brokenAt).toEqual({
      position: all[31]!.position,
      streamName: all[31]!.streamName,
      type: all[31]!.type,
      reason: expect.stringContaining(`deleted: no event at position ${all[30]!.position}`),
    });
  });

  it('a sequence gap (a rolled-back append) is not a break: the chain links events, not numbers', async () => {
    await sql.query(
      `SELECT nextval(pg_get_serial_sequence('"${schema}".events', 'position')) FROM generate_series(1, 3)`,
    );
    await store.appendToStream('thing-0', events(2));
    const all = await recorded(store);
    expect(all[50]!.position).toBe(all[49]!.position + 4);
    expect(await chainOf(store)).toMatchObject({ ok: true, events: 52 });
  });

  it('a table created before the chain gets the column; the chain starts at the first new event', async () => {
    await store.close();
    await sql.query(`DROP SCHEMA "${schema}" CASCADE`);
    await sql.query(`CREATE SCHEMA "${schema}"`);
    await sql.query(`CREATE TABLE "${schema}".events (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream text NOT NULL,
      revision bigint NOT NULL, id uuid NOT NULL, type text NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT events_stream_revision UNIQUE (stream, revision), CONSTRAINT events_stream_id UNIQUE (stream, id))`);
    await sql.query(
      `INSERT INTO "${schema}".events (stream, revision, id, type, data, metadata) VALUES ('old', 0, $1, 'OldThing', '{}', '{}'), ('old', 1, $2, 'OldThing', '{}', '{}')`,
      [randomUUID(), randomUUID()],
    );
    store = await PostgresEventStore.connect({ connectionString: POSTGRES_URL, schema });
    await store.appendToStream('old', events(2), { expectedRevision: 1 });
    expect(await chainOf(store)).toMatchObject({ ok: true, events: 2, startsAt: 3 });
  });
});
