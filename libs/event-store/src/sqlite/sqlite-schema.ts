/**
 * One table. `position` is the rowid with AUTOINCREMENT, so it is > 0 and never
 * reused; SQLite has one writer at a time, so positions follow commit order and
 * a reader of the log can never skip a late commit.
 * The two unique indexes are the concurrency check and the idempotency check;
 * the (stream, revision) one also answers "current revision" in one seek.
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
}
