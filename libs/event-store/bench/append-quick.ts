/**
 * Single-event appends per second from 50 concurrent callers, on SQLite (a
 * file in /tmp) and PostgreSQL (a throwaway schema, dropped afterwards).
 *   npx ts-node --transpile-only libs/event-store/bench/append-quick.ts
 * Env: POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test), CALLERS, APPENDS_PER_CALLER.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { type EventStore, PostgresEventStore, SqliteEventStore } from '../src';

const callers = Number(process.env.CALLERS ?? 50);
const perCaller = Number(process.env.APPENDS_PER_CALLER ?? 200);
const postgresUrl = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function measure(name: string, store: EventStore): Promise<void> {
  const latencies: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      let expectedRevision: number | 'no_stream' = 'no_stream';
      for (let i = 0; i < perCaller; i++) {
        const t0 = process.hrtime.bigint();
        const result = await store.appendToStream(
          `bench-${caller}`,
          [
            {
              id: randomUUID(),
              type: 'ClickRecorded',
              data: { caller, i, refCode: 'abc123', at: Date.now() },
            },
          ],
          { expectedRevision },
        );
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        expectedRevision = result.nextExpectedRevision;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const total = callers * perCaller;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(2);
  console.log(
    `${name.padEnd(10)} ${total} appends by ${callers} callers in ${seconds.toFixed(2)} s: ` +
      `${Math.round(total / seconds)} appends/s, ${((seconds * 1000) / total).toFixed(3)} ms each, ` +
      `latency p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'threadtrak-bench-'));
  const sqlite = new SqliteEventStore({ path: join(dir, 'events.db') });
  try {
    await measure('SQLite', sqlite);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const schema = `bench_${process.pid}`;
  let postgres: PostgresEventStore | undefined;
  try {
    postgres = await PostgresEventStore.connect({ connectionString: postgresUrl, schema });
    await measure('PostgreSQL', postgres);
  } catch (error) {
    console.log(`PostgreSQL skipped: ${(error as Error).message}`);
  } finally {
    await postgres?.close();
    const admin = new Client({ connectionString: postgresUrl });
    await admin.connect().then(
      () => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => admin.end()),
      () => undefined,
    );
  }
}

void main();
