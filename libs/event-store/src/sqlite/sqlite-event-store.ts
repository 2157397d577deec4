import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { EventStoreError, WrongExpectedRevisionError } from '../errors';
import { validateCheckpoint } from '../checkpoint';
import type {
  AppendResult,
  Checkpoint,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store';
import { matchesExpectedRevision } from '../expected-revision';
import { GENESIS_HASH, linkHash, serializedDigest } from '../hash-chain';
import { ChangeFeed, startPollingSubscription } from '../polling-subscription';
import {
  type SerializedEvent,
  validateAppend,
  validateBatchSize,
  validateReadAll,
  validateReadStream,
} from '../validation';
import {
  type CheckpointRow,
  type EventRow,
  SQLITE_ADD_HASH,
  SQLITE_CHECKPOINTS,
  SQLITE_EVENT_ID_INDEX,
  SQLITE_SCHEMA,
} from './sqlite-schema';

/** Recently read events kept for the other subscriptions of this process. */
const RECENT_EVENTS = 8192;

export interface SqliteEventStoreOptions {
  /** A file path, or `:memory:`. The folder is created. */
  path: string;
  /** Rows per read query. */
  pageSize?: number;
  /** How often subscriptions look for commits made by other processes on the same file. */
  pollIntervalMs?: number;
  busyTimeoutMs?: number;
}

interface PendingAppend {
  streamName: string;
  expectedRevision: ExpectedRevision;
  events: SerializedEvent[];
  /** Content digests for the hash chain, computed before the write transaction. */
  digests: string[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

/** Appends per group commit: bounds the time the event loop is blocked by one transaction. */
const MAX_GROUP = 1000;

/** The end of the hash chain: the last position drawn and the last event's hash. */
interface ChainTip {
  position: number;
  hash: string;
}

/**
 * Event store on one SQLite file (better-sqlite3, synchronous).
 *
 * Group commit: appends are queued and written on the next turn of the event
 * loop, all in ONE transaction, one SAVEPOINT each, so one append's conflict
 * rolls back only that append. Promises settle after COMMIT has returned, so
 * with `synchronous=FULL` a resolved append is on disk. 50 concurrent callers
 * pay for one fsync, not fifty.
 *
 * Hash chain: inside that transaction (one writer, across processes too) the
 * group reads the tip once, then draws each position itself (AUTOINCREMENT's
 * next value; a rolled-back savepoint gives its positions back) and chains each
 * event's hash onto the one before, in append order.
 *
 * Shared semantics (all adapters): see docs/event-store.md.
 */
export class SqliteEventStore implements EventStore {
  /** Rows read by readStream/readAll/subscriptions: lets tests prove reads are paged. */
  fetchedRows = 0;

  private readonly db: Database.Database;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly feed = new ChangeFeed();
  /** A ring: the event at position p sits in slot p % RECENT_EVENTS, if it was read recently. */
  private readonly recent: (RecordedEvent | undefined)[] = new Array(RECENT_EVENTS);
  private readonly subscriptions = new Set<Subscription>();
  private queue: PendingAppend[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly sql;
  private readonly checkpointSql;

  constructor(options: SqliteEventStoreOptions) {
    const memory = options.path === ':memory:';
    if (!memory) createPrivately(options.path);
    this.db = new Database(options.path);
    this.pageSize = options.pageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (!memory) this.db.pragma('journal_mode = WAL');
    // FULL: the WAL is fsynced at every commit, so a resolved append survives power loss.
    // Group commit makes that one fsync per batch, which is what keeps appends cheap.
    this.db.pragma('synchronous = FULL');
    this.db.exec(SQLITE_SCHEMA);
    addHashColumn(this.db);
    this.db.exec(SQLITE_CHECKPOINTS);
    this.checkpointSql = {
      read: this.db.prepare<[string], CheckpointRow>(
        'SELECT position, event_id, hash FROM checkpoints WHERE consumer = ?',
      ),
      write: this.db.prepare<[string, number, string, string | null, number]>(
        `INSERT INTO checkpoints (consumer, position, event_id, hash, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, event_id = excluded.event_id,
           hash = excluded.hash, updated_at = excluded.updated_at`,
      ),
      at: this.db.prepare<[number], EventRow>('SELECT * FROM events WHERE position = ?'),
    };
    this.db.exec(SQLITE_EVENT_ID_INDEX);
    this.sql = {
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT append'),
      release: this.db.prepare('RELEASE append'),
      rollbackTo: this.db.prepare('ROLLBACK TO append'),
      revisionOfId: this.db.prepare<[string, string], { revision: number }>(
        'SELECT revision FROM events WHERE stream = ? AND id = ?',
      ),
      idsFrom: this.db.prepare<[string, number, number], { id: string; position: number }>(
        'SELECT id, position FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      last: this.db.prepare<[string], { revision: number; position: number }>(
        'SELECT revision, position FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      ),
      insert: this.db.prepare(
        'INSERT INTO events (position, stream, revision, id, type, data, metadata, recorded_at, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      // The next position is AUTOINCREMENT's: above every position ever used, even of deleted rows.
      tip: this.db.prepare<[], { position: number; hash: string | null }>(
        `SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),
                    coalesce((SELECT max(position) FROM events), 0)) AS position,
                (SELECT hash FROM events ORDER BY position DESC LIMIT 1) AS hash`,
      ),
      forwards: this.db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      backwards: this.db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      all: this.db.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
      ),
      head: this.db.prepare<[], { head: number | null }>(
        'SELECT max(position) AS head FROM events',
      ),
      byId: this.db.prepare<[string], EventRow>(
        'SELECT * FROM events WHERE id = ? ORDER BY position LIMIT 1',
      ),
    };
  }

  appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    try {
      this.assertOpen();
      const valid = validateAppend(streamName, events, options?.expectedRevision);
      const digests = valid.events.map(serializedDigest);
      return new Promise((resolve, reject) => {
        this.queue.push({ streamName, ...valid, digests, resolve, reject });
        this.scheduleFlush();
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async *readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    const { direction, fromRevision, maxCount } = validateReadStream(streamName, options);
    const statement = direction === 'forwards' ? this.sql.forwards : this.sql.backwards;
    let from = fromRevision;
    let remaining = maxCount;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.pageSize, remaining);
      const rows = statement.all(streamName, from, limit);
      this.fetchedRows += rows.length;
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      from = rows[rows.length - 1].revision + (direction === 'forwards' ? 1 : -1);
      if (from < 0) return;
    }
  }

  async readEvent(eventId: string): Promise<RecordedEvent | null> {
    this.assertOpen();
    const row = this.sql.byId.get(eventId);
    return row ? toRecordedEvent(row) : null;
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const { after, maxCount } = validateReadAll(options);
    let cursor = after;
    let remaining = maxCount;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const page = this.readPage(cursor, limit);
      for (const event of page) yield event;
      if (page.length < limit) return;
      remaining -= page.length;
      cursor = page[page.length - 1].position;
    }
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    this.assertOpen();
    const { after } = validateReadAll({ after: options?.after });
    const subscription = startPollingSubscription({
      handler,
      after,
      batchSize: validateBatchSize(options?.batchSize),
      fetch: async (from, limit) => this.readRecentPage(from, limit),
      feed: this.feed,
      pollIntervalMs: this.pollIntervalMs,
      onEnd: (ended) => this.subscriptions.delete(ended),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.sql.head.get()?.head ?? 0;
  }

  async readCheckpoint(consumer: string): Promise<Checkpoint | null> {
    validateCheckpoint(consumer);
    this.assertOpen();
    const row = this.checkpointSql.read.get(consumer);
    if (!row) return null;
    return row.hash === null
      ? { position: row.position, eventId: row.event_id }
      : { position: row.position, eventId: row.event_id, hash: row.hash };
  }

  /**
   * Its own small transaction, without the fsync (`synchronous=NORMAL` for it alone: in WAL mode that is
   * still safe from corruption, and the next append's fsync makes it durable). A checkpoint lost to a power
   * cut means events handled again, idempotently; an fsync per checkpoint blocked the event loop ~3 ms.
   * Callers also coalesce their writes (one per consumer every few hundred ms).
   */
  async writeCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void> {
    validateCheckpoint(consumer, checkpoint);
    this.assertOpen();
    this.db.pragma('synchronous = NORMAL');
    try {
      this.checkpointSql.write.run(
        consumer,
        checkpoint.position,
        checkpoint.eventId,
        checkpoint.hash ?? null,
        Date.now(),
      );
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }

  async eventAtPosition(position: number): Promise<RecordedEvent | null> {
    this.assertOpen();
    if (!Number.isSafeInteger(position) || position <= 0) return null;
    const row = this.checkpointSql.at.get(position);
    return row ? toRecordedEvent(row) : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.db.close();
  }

  /**
   * For subscriptions: every consumer in the process (projections, scheduler, saga, directory…) asks for the
   * same new events right after each commit. The first reads and parses them; the others get the same
   * objects from a small cache of recent positions. Positions are integers, so a run of consecutive cached
   * positions is exactly what the table holds there. Plain reads (readAll: audit, rebuild) bypass it.
   */
  private readRecentPage(after: number, limit: number): RecordedEvent[] {
    const cached: RecordedEvent[] = [];
    for (let position = after + 1; cached.length < limit; position++) {
      const event = this.recent[position % RECENT_EVENTS];
      if (event?.position !== position) break;
      cached.push(event);
    }
    if (cached.length > 0) return cached;
    const page = this.readPage(after, limit);
    for (const event of page) this.recent[event.position % RECENT_EVENTS] = event;
    return page;
  }

  private readPage(after: number, limit: number): RecordedEvent[] {
    this.assertOpen();
    const rows = this.sql.all.all(after, limit);
    this.fetchedRows += rows.length;
    return rows.map(toRecordedEvent);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // setImmediate, not a microtask: callers that start appends in the same turn
    // (or whose awaits resolve in it) all land in one group.
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.queue.length === 0 || this.closed) return;
    const group = this.queue.splice(0, MAX_GROUP);
    const outcomes: Array<{ ok: true; result: AppendResult } | { ok: false; error: unknown }> = [];
    try {
      const recordedAt = Date.now();
      this.sql.begin.run();
      try {
        const tip = this.sql.tip.get()!;
        // A file whose newest rows predate the chain: the chain starts here.
        const chain: ChainTip = { position: tip.position, hash: tip.hash ?? GENESIS_HASH };
        for (const append of group) {
          const before = { ...chain };
          this.sql.savepoint.run();
          try {
            outcomes.push({
              ok: true,
              result: this.appendInTransaction(append, recordedAt, chain),
            });
            this.sql.release.run();
          } catch (error) {
            Object.assign(chain, before);
            this.sql.rollbackTo.run();
            this.sql.release.run();
            outcomes.push({ ok: false, error });
          }
        }
        this.sql.commit.run();
      } catch (error) {
        if (this.db.inTransaction) this.sql.rollback.run();
        throw error;
      }
    } catch (error) {
      for (const append of group) append.reject(error);
      this.continueFlushing();
      return;
    }
    group.forEach((append, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) append.resolve(outcome.result);
      else append.reject(outcome.error);
    });
    this.feed.notify();
    this.continueFlushing();
  }

  private continueFlushing(): void {
    if (this.queue.length > 0) this.scheduleFlush();
  }

  /** Advances `chain` past the events it writes. */
  private appendInTransaction(
    append: PendingAppend,
    recordedAt: number,
    chain: ChainTip,
  ): AppendResult {
    const { streamName, events, expectedRevision, digests } = append;
    const retried = this.sql.revisionOfId.get(streamName, events[0].id);
    if (retried) return this.resultOfRetry(append, retried.revision);

    const last = this.sql.last.get(streamName);
    if (!matchesExpectedRevision(expectedRevision, last?.revision)) {
      throw new WrongExpectedRevisionError(
        streamName,
        expectedRevision,
        last?.revision ?? 'no_stream',
      );
    }
    let revision = last?.revision ?? -1;
    let position = 0;
    for (const [i, event] of events.entries()) {
      revision++;
      position = chain.position + 1;
      const hash = linkHash(chain.hash, {
        position,
        streamName,
        revision,
        id: event.id,
        type: event.type,
        recordedAtMs: recordedAt,
        digest: digests[i]!,
      });
      try {
        this.sql.insert.run(
          position,
          streamName,
          revision,
          event.id,
          event.type,
          event.data,
          event.metadata,
          recordedAt,
          hash,
        );
        chain.position = position;
        chain.hash = hash;
      } catch (error) {
        // Under the write lock the revision is free, so this is (stream, id): the id
        // is already in the stream at another place than this batch would put it.
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw new WrongExpectedRevisionError(
            streamName,
            expectedRevision,
            last?.revision ?? 'no_stream',
          );
        }
        throw error;
      }
    }
    return { nextExpectedRevision: revision, position };
  }

  /** The first id is stored: the whole batch must be there, in order, or it is a conflict. */
  private resultOfRetry(append: PendingAppend, firstRevision: number): AppendResult {
    const { streamName, events, expectedRevision } = append;
    const stored = this.sql.idsFrom.all(streamName, firstRevision, events.length);
    const same =
      stored.length === events.length && stored.every((row, i) => row.id === events[i].id);
    if (!same) {
      const current = this.sql.last.get(streamName)?.revision ?? 'no_stream';
      throw new WrongExpectedRevisionError(streamName, expectedRevision, current);
    }
    return {
      nextExpectedRevision: firstRevision + events.length - 1,
      position: stored[stored.length - 1].position,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreError('closed', 'the event store is closed');
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  const event: RecordedEvent = {
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    streamName: row.stream,
    revision: row.revision,
    position: row.position,
    recordedAt: new Date(row.recorded_at),
  };
  if (row.hash !== null) event.hash = row.hash;
  return event;
}

/**
 * The log is the program's money: its folder is the owner's alone (0700) and the file too (0600). SQLite
 * gives the -wal and -shm files the database file's mode, so creating the file first covers them.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/** Under the write lock, so two processes opening an old file at once do not both alter it. */
function addHashColumn(db: Database.Database): void {
  const hasHash = () =>
    db.prepare(`SELECT 1 FROM pragma_table_info('events') WHERE name = 'hash'`).get() !== undefined;
  if (hasHash()) return;
  db.transaction(() => {
    if (!hasHash()) db.exec(SQLITE_ADD_HASH);
  }).immediate();
}
