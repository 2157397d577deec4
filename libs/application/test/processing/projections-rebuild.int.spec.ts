import { createEventStore, type EventStore } from '@threadtrak/event-store';
import {
  InMemoryReadModelStore,
  PROJECTION_NAMES,
  ProjectionsConsumer,
} from '@threadtrak/read-models';
import { randomUUID } from 'node:crypto';
import { ManualClock } from '../../src/clock';
import { LogProcessor } from '../../src/processing';
import { RebuildReadModels } from '../../src/read-models/rebuild-read-models';

const append = (store: EventStore, count: number) =>
  store.appendToStream(
    `s-${randomUUID().slice(0, 8)}`,
    Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Happened', data: { i } })),
  );

describe('a rebuild while the projections run on the log processor', () => {
  let store: EventStore;
  let processor: LogProcessor | undefined;
  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
  });
  afterEach(async () => {
    await processor?.stop();
    await store.close();
  });

  it('the read models reset by another process are replayed from position 0, without a restart', async () => {
    const readModels = new InMemoryReadModelStore();
    const lines: string[] = [];
    const replayed: number[] = [];
    const consumer = new ProjectionsConsumer({ eventStore: store, store: readModels });
    const handle = consumer.handle.bind(consumer);
    consumer.handle = async (events) => {
      replayed.push(events[0]?.position ?? 0);
      return handle(events);
    };
    processor = new LogProcessor({
      store,
      consumer,
      backoff: { initialMs: 5, maxMs: 40 },
      flushMs: 0,
      log: (line) => lines.push(line),
    });
    processor.start();
    await append(store, 5);
    await processor.caughtUp(5);
    const rebuild = new RebuildReadModels(store, readModels, new ManualClock(new Date(0)));
    const { rebuilt, position } = await rebuild.request(undefined, 'admin');
    expect(rebuilt).toEqual([...PROJECTION_NAMES]);
    expect(await rebuild.caughtUp(rebuilt, position, { timeoutMs: 5000, pollMs: 5 })).toBe(true);
    expect(replayed.at(-1)).toBe(1);
    expect(lines.some((line) => line.includes('read model') && line.includes('no longer at'))).toBe(
      true,
    );
  });
});
