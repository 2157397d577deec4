import { createHash } from 'node:crypto';

/**
 * Schema of the PostgreSQL event store, created if missing.
 *
 * Why readers never skip an event: `append_batch` first takes ONE transaction-level
 * advisory lock per schema, so appends are serialized and positions are drawn in
 * commit order. PostgreSQL makes a commit visible before it releases the xact
 * locks, so the next writer's positions are drawn only after the previous ones
 * are visible: what any snapshot sees is always a prefix of the log.
 * (The alternative, filtering on `pg_snapshot_xmin`, keeps writers parallel but
 * pushes the ordering problem onto every reader; our write rate does not need it.)
 *
 * One call appends a whole group of appends (group commit). Conflicts are
 * returned as rows, not raised, so one conflicting append never aborts the
 * others in its group.
 *
 * Hash chain (see ../hash-chain.ts): under the same lock the function reads the
 * last event's hash once, draws each position itself (`nextval` of the identity)
 * and chains each event onto the one before, in append order; Node sends each
 * event's content digest. `recorded_at` is the clock after the lock, truncated
 * to the millisecond: so it never decreases along positions (now() is the
 * transaction's start, which can precede a writer that got the lock first) and
 * it is exactly what a JS Date holds, which the chain covers.
 */

export interface PostgresNames {
  schema: string;
  channel: string;
  appendLockKey: bigint;
  migrationLockKey: bigint;
}

export function postgresNames(schema: string): PostgresNames {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) {
    throw new TypeError(
      `invalid schema name ${JSON.stringify(schema)}: use [a-z_][a-z0-9_]*, at most 41 chars`,
    );
  }
  return {
    schema,
    channel: `threadtrak_events_${schema}`,
    appendLockKey: lockKey(`threadtrak:event-store:append:${schema}`),
    migrationLockKey: lockKey(`threadtrak:event-store:migrate:${schema}`),
  };
}

function lockKey(name: string): bigint {
  return BigInt.asIntN(64, createHash('sha1').update(name).digest().readBigUInt64BE(0));
}

export function postgresSchemaSql({ schema, channel, appendLockKey }: PostgresNames): string {
  const s = `"${schema}"`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};

CREATE TABLE IF NOT EXISTS ${s}.events (
  position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream      text        NOT NULL,
  revision    bigint      NOT NULL,
  id          uuid        NOT NULL,
  type        text        NOT NULL,
  data        jsonb       NOT NULL,
  metadata    jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  hash        text,
  CONSTRAINT events_stream_revision UNIQUE (stream, revision),
  CONSTRAINT events_stream_id UNIQUE (stream, id)
);

-- readEvent finds an event by its id alone; the unique (stream, id) index cannot serve that.
CREATE INDEX IF NOT EXISTS events_id ON ${s}.events (id);

-- Tables created before the hash chain: their old rows stay unhashed.
ALTER TABLE ${s}.events ADD COLUMN IF NOT EXISTS hash text;

-- Consumers' checkpoints, in the schema of the log they point into (a new schema starts with none).
CREATE TABLE IF NOT EXISTS ${s}.checkpoints (
  consumer   text        PRIMARY KEY,
  position   bigint      NOT NULL,
  event_id   text        NOT NULL,
  hash       text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- p_appends: [{ "stream": text, "expected": "any"|"no_stream"|"stream_exists"|"<revision>",
--               "events": [{ "id", "type", "data", "metadata", "digest" }] }]
-- One row per append, in order: o_outcome is 'appended', 'retry' (already stored: same result
-- as the first time) or 'conflict' (o_revision is then the current revision, null = no stream).
CREATE OR REPLACE FUNCTION ${s}.append_batch(p_appends jsonb)
RETURNS TABLE (o_outcome text, o_revision bigint, o_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  a          jsonb;
  v_stream   text;
  v_events   jsonb;
  v_count    int;
  v_expected text;
  v_first    bigint;
  v_matched  int;
  v_last_rev bigint;
  v_last_pos bigint;
  v_ok       boolean;
  v_clash    boolean;
  v_written  boolean := false;
  v_now      timestamptz;
  v_now_ms   bigint;
  v_sequence text;
  v_prev     text;
  v_ev       jsonb;
  v_id       uuid;
  v_rev      bigint;
BEGIN
  PERFORM pg_advisory_xact_lock(${appendLockKey});
  v_now := date_trunc('milliseconds', clock_timestamp());
  v_now_ms := (extract(epoch FROM v_now) * 1000)::bigint;
  v_sequence := pg_get_serial_sequence('${s}.events', 'position');
  SELECT e.hash INTO v_prev FROM ${s}.events e ORDER BY e.position DESC LIMIT 1;
  -- An empty log, or newest rows that predate the chain: the chain starts here.
  v_prev := coalesce(v_prev, repeat('0', 64));
  FOR a IN SELECT value FROM jsonb_array_elements(p_appends) LOOP
    v_stream := a->>'stream';
    v_events := a->'events';
    v_count := jsonb_array_length(v_events);
    v_expected := a->>'expected';

    SELECT e.revision INTO v_first FROM ${s}.events e
     WHERE e.stream = v_stream AND e.id = (v_events->0->>'id')::uuid;
    IF FOUND THEN
      SELECT count(*), max(e.position) INTO v_matched, v_last_pos
        FROM ${s}.events e
        JOIN jsonb_array_elements(v_events) WITH ORDINALITY AS x(ev, ord)
          ON e.revision = v_first + x.ord - 1 AND e.id = (x.ev->>'id')::uuid
       WHERE e.stream = v_stream AND e.revision BETWEEN v_first AND v_first + v_count - 1;
      IF v_matched = v_count THEN
        o_outcome := 'retry'; o_revision := v_first + v_count - 1; o_position := v_last_pos;
        RETURN NEXT;
        CONTINUE;
      END IF;
    END IF;

    v_last_rev := NULL;
    SELECT e.revision INTO v_last_rev FROM ${s}.events e
     WHERE e.stream = v_stream ORDER BY e.revision DESC LIMIT 1;

    -- (a CASE cannot sit inside IF: PL/pgSQL ends the condition at the first THEN)
    v_ok := CASE v_expected
              WHEN 'any' THEN true
              WHEN 'no_stream' THEN v_last_rev IS NULL
              WHEN 'stream_exists' THEN v_last_rev IS NOT NULL
              ELSE v_last_rev IS NOT DISTINCT FROM v_expected::bigint
            END;
    -- An id of the batch already in the stream (the first one was looked up above).
    -- One exact unique-index probe per id: a set-based query here gets generic plans
    -- that scan the whole stream once the table outgrows its statistics.
    v_clash := false;
    IF v_first IS NULL AND v_ok THEN
      FOR i IN 1 .. v_count - 1 LOOP
        PERFORM 1 FROM ${s}.events e WHERE e.stream = v_stream AND e.id = (v_events->i->>'id')::uuid;
        IF FOUND THEN
          v_clash := true;
          EXIT;
        END IF;
      END LOOP;
    END IF;

    IF v_first IS NOT NULL OR NOT v_ok OR v_clash THEN
      o_outcome := 'conflict'; o_revision := v_last_rev; o_position := NULL;
      RETURN NEXT;
      v_first := NULL;
      CONTINUE;
    END IF;

    FOR i IN 0 .. v_count - 1 LOOP
      v_ev := v_events->i;
      IF v_ev->>'digest' IS NULL THEN
        RAISE EXCEPTION 'append_batch: event % has no digest (a writer older than the hash chain?)', v_ev->>'id';
      END IF;
      v_id := (v_ev->>'id')::uuid;
      v_rev := coalesce(v_last_rev, -1) + i + 1;
      v_last_pos := nextval(v_sequence);
      v_prev := encode(sha256(convert_to(
        v_prev || E'\\n' || v_last_pos || E'\\n' || v_stream || E'\\n' || v_rev || E'\\n' || v_id::text || E'\\n' ||
        (v_ev->>'type') || E'\\n' || v_now_ms || E'\\n' || (v_ev->>'digest'), 'UTF8')), 'hex');
      INSERT INTO ${s}.events (position, stream, revision, id, type, data, metadata, recorded_at, hash)
        OVERRIDING SYSTEM VALUE
        VALUES (v_last_pos, v_stream, v_rev, v_id, v_ev->>'type', v_ev->'data', v_ev->'metadata', v_now, v_prev);
    END LOOP;
    o_outcome := 'appended'; o_revision := coalesce(v_last_rev, -1) + v_count; o_position := v_last_pos;
    v_written := true;
    RETURN NEXT;
  END LOOP;
  IF v_written THEN
    PERFORM pg_notify('${channel}', '');
  END IF;
END
$fn$;
`;
}
