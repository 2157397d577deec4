import { Pool, type PoolConfig } from 'pg';
import { validateCheckpoint } from '../checkpoint';
import { EventStoreError, WrongExpectedRevisionError } from '../errors';
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
import { serializedDigest } from '../hash-chain';
import { ChangeFeed, startPollingSubscription } from '../polling-subscription';
import {
  type SerializedEvent,
  validateAppend,
  validateBatchSize,
  validateReadAll,
  validateReadStream,
} from '../validation';
import { PostgresListener } from './postgres-listener';
import { type PostgresNames, postgresNames, postgresSchemaSql } from './postgres-schema';

export interface PostgresEventStoreOptions {
  /** `postgres://…`; a `schema` query parameter overrides `schema`. */
  connectionString: string;
  /** Default `event_store`. Tests use a throwaway one. */
  schema?: string;
  pool?: Omit<PoolConfig, 'connectionString'>;
  pageSize?: number;
  /** Fallback when a NOTIFY is lost (listener reconnecting). */
  pollIntervalMs?: number;
  /**
   * Test seam: awaited inside the append transaction, after the insert and
   * before COMMIT, to widen the window in which commit order could differ from
   * position order.
   */
  insideAppendTransaction?: () => Promise<void>;
}

interface PendingAppend {
  streamName: string;
  expectedRevision: ExpectedRevision;
  events: SerializedEvent[];
  /** Content digests for the hash chain; the links are computed in `append_batch`. */
  digests: string[];
  bytes: number;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface EventRow {
  position: string;
  stream: string;
  revision: string;
  id: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  hash: string | null;
}

const MAX_GROUP = 500;
const MAX_GROUP_BYTES = 8 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMNS = 'position, stream, revision, id, type, data, metadata, recorded_at, hash';

/**
 * Event store in a PostgreSQL schema (`pg` Pool).
 * Ordering: a per-schema advisory lock serializes appends (see postgres-schema.ts).
 * Group commit: appends of this process are queued and sent as ONE call of
 * `append_batch`, one transaction; the next group goes when that one returns.
 * Live subscriptions: LISTEN/NOTIFY (sent on commit), plus in-process notices,
 * plus polling as the fallback.
 */
export class PostgresEventStore implements EventStore {
  /** Rows read by readStream/readAll/subscriptions: lets tests prove reads are paged. */
  fetchedRows = 0;

  private readonly feed = new ChangeFeed();
  private readonly subscriptions = new Set<Subscription>();
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private listener: PostgresListener | undefined;
  private queue: PendingAppend[] = [];
  private inFlight: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly names: PostgresNames,
    private readonly connectionString: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.pageSize = options.pageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  static async connect(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const url = new URL(options.connectionString);
    const schema = url.searchParams.get('schema') ?? options.schema ?? 'event_store';
    url.searchParams.delete('schema');
    const connectionString = url.toString();
    const names = postgresNames(schema);
    const pool = new Pool({ max: 10, ...options.pool, connectionString });
    // An idle client that loses its connection emits 'error' on the pool; without a listener it would crash.
    pool.on('error', () => undefined);
    try {
      await migrate(pool, names);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, names, connectionString, options);
  }

  get schema(): string {
    return this.names.schema;
  }

  appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    try {
      this.assertOpen();
      const valid = validateAppend(streamName, events, options?.expectedRevision);
      const bytes = valid.events.reduce((sum, e) => sum + e.data.length + e.metadata.length, 0);
      const digests = valid.events.map(serializedDigest);
      return new Promise((resolve, reject) => {
        this.queue.push({ streamName, ...valid, digests, bytes, resolve, reject });
        if (!this.inFlight) this.inFlight = this.drain();
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async *readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    const { direction, fromRevision, maxCount } = validateReadStream(streamName, options);
    const sql =
      direction === 'forwards'
        ? `SELECT ${COLUMNS} FROM "${this.names.schema}".events WHERE stream = $1 AND revision >= $2 ORDER BY revision LIMIT $3`
        : `SELECT ${COLUMNS} FROM "${this.names.schema}".events WHERE stream = $1 AND revision <= $2 ORDER BY revision DESC LIMIT $3`;
    let from = fromRevision;
    let remaining = maxCount;
    while (remaining > 0) {
      this.assertOpen();
      const limit = Math.min(this.pageSize, remaining);
      const { rows } = await this.pool.query<EventRow>({
        name: `${this.names.schema}.read_${direction}`,
        text: sql,
        values: [streamName, from, limit],
      });
      this.fetchedRows += rows.length;
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < limit) return;
      remaining -= rows.length;
      from = Number(rows[rows.length - 1].revision) + (direction === 'forwards' ? 1 : -1);
      if (from < 0) return;
    }
  }

  async readEvent(eventId: string): Promise<RecordedEvent | null> {
    this.assertOpen();
    // Not a uuid: no event can have it (the column is uuid; PostgreSQL would refuse the comparison).
    if (!UUID.test(eventId)) return null;
    const { rows } = await this.pool.query<EventRow>({
      name: `${this.names.schema}.read_event`,
      text: `SELECT ${COLUMNS} FROM "${this.names.schema}".events WHERE id = $1 ORDER BY position LIMIT 1`,
      values: [eventId],
    });
    return rows.length ? toRecordedEvent(rows[0]) : null;
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const { after, maxCount } = validateReadAll(options);
    let cursor = after;
    let remaining = maxCount;
    while (remaining > 0) {
      const limit = Math.min(this.pageSize, remaining);
      const page = await this.readPage(cursor, limit);
      for (const event of page) yield event;
      if (page.length < limit) return;
      remaining -= page.length;
      cursor = page[page.length - 1].position;
    }
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    this.assertOpen();
    const { after } = validateReadAll({ after: options?.after });
    this.listener ??= new PostgresListener(this.connectionString, this.names.channel, () =>
      this.feed.notify(),
    );
    const subscription = startPollingSubscription({
      handler,
      after,
      batchSize: validateBatchSize(options?.batchSize),
      fetch: (from, limit) => this.readPage(from, limit),
      feed: this.feed,
      pollIntervalMs: this.pollIntervalMs,
      onEnd: (ended) => this.subscriptions.delete(ended),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const { rows } = await this.pool.query<{ head: string | null }>(
      `SELECT max(position) AS head FROM "${this.names.schema}".events`,
    );
    return Number(rows[0].head ?? 0);
  }

  async readCheckpoint(consumer: string): Promise<Checkpoint | null> {
    validateCheckpoint(consumer);
    this.assertOpen();
    const { rows } = await this.pool.query<{
      position: string;
      event_id: string;
      hash: string | null;
    }>(
      `SELECT position, event_id, hash FROM "${this.names.schema}".checkpoints WHERE consumer = $1`,
      [consumer],
    );
    const row = rows[0];
    if (!row) return null;
    const checkpoint: Checkpoint = { position: Number(row.position), eventId: row.event_id };
    if (row.hash !== null) checkpoint.hash = row.hash;
    return checkpoint;
  }

  async writeCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void> {
    validateCheckpoint(consumer, checkpoint);
    this.assertOpen();
    await this.pool.query(
      `INSERT INTO "${this.names.schema}".checkpoints (consumer, position, event_id, hash, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (consumer) DO UPDATE SET position = excluded.position, event_id = excluded.event_id,
         hash = excluded.hash, updated_at = excluded.updated_at`,
      [consumer, checkpoint.position, checkpoint.eventId, checkpoint.hash ?? null],
    );
  }

  async eventAtPosition(position: number): Promise<RecordedEvent | null> {
    this.assertOpen();
    if (!Number.isSafeInteger(position) || position <= 0) return null;
    const { rows } = await this.pool.query<EventRow>(
      `SELECT ${COLUMNS} FROM "${this.names.schema}".events WHERE position = $1`,
      [position],
    );
    return rows[0] ? toRecordedEvent(rows[0]) : null;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    while (this.inFlight) await this.inFlight;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.listener?.close();
    await this.pool.end();
  }

  private async readPage(after: number, limit: number): Promise<RecordedEvent[]> {
    this.assertOpen();
    const { rows } = await this.pool.query<EventRow>({
      name: `${this.names.schema}.read_all`,
      text: `SELECT ${COLUMNS} FROM "${this.names.schema}".events WHERE position > $1 ORDER BY position LIMIT $2`,
      values: [after, limit],
    });
    this.fetchedRows += rows.length;
    return rows.map(toRecordedEvent);
  }

  /** Sends groups one after another until the queue is empty. */
  private async drain(): Promise<void> {
    // Let the callers of this turn of the event loop join the first group.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      try {
        await this.appendGroup(group);
      } catch (error) {
        if (group.length === 1) group[0].reject(error);
        // One bad append (or a lost connection) must not fail its neighbours: retry them alone.
        // A group that did commit before its connection dropped comes back as idempotent retries.
        else for (const append of group) await this.appendGroup([append]).catch(append.reject);
      }
      this.feed.notify();
    }
    this.inFlight = undefined;
  }

  private takeGroup(): PendingAppend[] {
    let bytes = 0;
    let count = 0;
    while (count < this.queue.length && count < MAX_GROUP) {
      bytes += this.queue[count].bytes;
      if (count > 0 && bytes > MAX_GROUP_BYTES) break;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async appendGroup(group: PendingAppend[]): Promise<void> {
    const payload = `[${group.map(appendJson).join(',')}]`;
    const sql = `SELECT o_outcome, o_revision, o_position FROM "${this.names.schema}".append_batch($1::jsonb)`;
    type Outcome = {
      o_outcome: 'appended' | 'retry' | 'conflict';
      o_revision: string | null;
      o_position: string | null;
    };
    let rows: Outcome[];
    if (this.options.insideAppendTransaction) {
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        rows = (await client.query<Outcome>(sql, [payload])).rows;
        await this.options.insideAppendTransaction();
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    } else {
      rows = (await this.pool.query<Outcome>(sql, [payload])).rows;
    }
    group.forEach((append, i) => {
      const row = rows[i];
      if (row.o_outcome === 'conflict') {
        const actual = row.o_revision === null ? 'no_stream' : Number(row.o_revision);
        append.reject(
          new WrongExpectedRevisionError(append.streamName, append.expectedRevision, actual),
        );
      } else {
        append.resolve({
          nextExpectedRevision: Number(row.o_revision),
          position: Number(row.o_position),
        });
      }
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreError('closed', 'the event store is closed');
  }
}

async function migrate(pool: Pool, names: PostgresNames): Promise<void> {
  const client = await pool.connect();
  try {
    // Several processes may start at once; CREATE OR REPLACE FUNCTION is not safe to race.
    await client.query('SELECT pg_advisory_lock($1)', [names.migrationLockKey.toString()]);
    try {
      await client.query(postgresSchemaSql(names));
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [names.migrationLockKey.toString()]);
    }
  } finally {
    client.release();
  }
}

/** The data and metadata are already JSON text: splice them in rather than parse and re-serialize. */
function appendJson(append: PendingAppend): string {
  const events = append.events
    .map(
      (e, i) =>
        `{"id":"${e.id}","type":${JSON.stringify(e.type)},"data":${e.data},"metadata":${e.metadata},"digest":"${append.digests[i]}"}`,
    )
    .join(',');
  return `{"stream":${JSON.stringify(append.streamName)},"expected":"${append.expectedRevision}","events":[${events}]}`;
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  const event: RecordedEvent = {
    id: row.id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    streamName: row.stream,
    revision: Number(row.revision),
    position: Number(row.position),
    recordedAt: row.recorded_at,
  };
  if (row.hash !== null) event.hash = row.hash;
  return event;
}
