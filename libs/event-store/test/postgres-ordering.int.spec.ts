import { Client } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '../src';
import { collect, someEvents, waitFor } from './contract-helpers';

const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `es_ordering_${process.pid}_${Date.now().toString(36)}`;
const url = `${POSTGRES_URL}?schema=${schema}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

afterAll(async () => {
  const client = new Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
});

/**
 * The sequence-gap problem: if a transaction holding a lower position commits
 * after one holding a higher position, a reader that already moved past the
 * higher one never sees the lower one. Writers here are separate pools (as
 * separate processes would be) and sleep inside their transactions, after
 * their positions are drawn; readers tail the log the whole time.
 */
describe('PostgreSQL: readers never skip a late commit', () => {
  it('a live subscriber and a polling reader see every event, in order, while many writers race', async () => {
    const writers = await Promise.all(
      Array.from({ length: 8 }, () =>
        PostgresEventStore.connect({
          connectionString: url,
          insideAppendTransaction: () => sleep(Math.random() * 6),
        }),
      ),
    );
    const reader = await PostgresEventStore.connect({ connectionString: url, pollIntervalMs: 20 });

    const subscribed: RecordedEvent[] = [];
    const subscription = reader.subscribeToAll(async (batch) => void subscribed.push(...batch), {
      batchSize: 7,
    });

    const tailed: RecordedEvent[] = [];
    let writing = true;
    const tail = (async () => {
      while (writing) {
        const after = tailed.at(-1)?.position ?? 0;
        tailed.push(...(await collect(reader.readAll({ after }))));
        await sleep(1);
      }
      // One last look, now that every writer has committed.
      tailed.push(...(await collect(reader.readAll({ after: tailed.at(-1)?.position ?? 0 }))));
    })();

    const streams = ['race-a', 'race-b', 'race-c', 'race-d'];
    let log: RecordedEvent[];
    try {
      await Promise.all(
        writers.map(async (writer) => {
          for (let i = 0; i < 25; i++) {
            const stream = streams[Math.floor(Math.random() * streams.length)];
            await writer.appendToStream(stream, someEvents(1 + Math.floor(Math.random() * 3)));
            if (Math.random() < 0.3) await sleep(Math.random() * 3);
          }
        }),
      );
      log = await collect(reader.readAll());
      await waitFor(() => subscribed.length >= log.length, 10_000, 'subscriber');
    } finally {
      writing = false;
      await tail;
      await subscription.stop();
      await Promise.all([...writers, reader].map((store) => store.close()));
    }

    const positions = log.map((e) => e.position);
    expect(log.length).toBeGreaterThanOrEqual(8 * 25);
    expect(subscribed.map((e) => e.position)).toEqual(positions);
    expect(tailed.map((e) => e.position)).toEqual(positions);
    for (const stream of streams) {
      const revisions = log.filter((e) => e.streamName === stream).map((e) => e.revision);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
  }, 60_000);
});
