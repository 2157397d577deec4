/**
 * One table. `position` is the rowid with AUTOINCREMENT, so it is > 0 and never
 * reused; SQLite has one writer at a time, so positions follow commit order and
 * a reader of the log can never skip a late commit.
 * The two unique indexes are the concurrency check and the idempotency check;
 * the (stream, revision) one also answers "current revision" in one seek.
 * `hash` is the event's link in the log's hash chain (see ../hash-chain.ts);
 * NULL on rows written before the chain existed.
 */
export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream      TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  id          TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,
  hash        TEXT,
  UNIQUE (stream, revision),
  UNIQUE (stream, id)
);
`;

export interface EventRow {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
  hash: string | null;
}

/** Files created before the hash chain get the column; their old rows stay unhashed. */
export const SQLITE_ADD_HASH = 'ALTER TABLE events ADD COLUMN hash TEXT';

/**
 * Consumers' checkpoints, in the same file as the log they point into: a restored copy of the file comes
 * with the checkpoints it had then. `hash` is the chain link of the event at `position` (NULL when none).
 */
export const SQLITE_CHECKPOINTS = `
CREATE TABLE IF NOT EXISTS checkpoints (
  consumer   TEXT    PRIMARY KEY,
  position   INTEGER NOT NULL,
  event_id   TEXT    NOT NULL,
  hash       TEXT,
  updated_at INTEGER NOT NULL
);
`;

export interface CheckpointRow {
  position: number;
  event_id: string;
  hash: string | null;
}

/** `readEvent` finds an event by its id alone; the unique (stream, id) index cannot serve that. */
export const SQLITE_EVENT_ID_INDEX = 'CREATE INDEX IF NOT EXISTS events_id ON events (id)';
