import {
  checkpointAt,
  createEventStore,
  type EventStore,
  type RecordedEvent,
  type Subscription,
} from '@threadtrak/event-store';
import { randomUUID } from 'node:crypto';
import { LogProcessor, type LogConsumer, type ProcessorStore } from '../../src/processing';

const FAST = { initialMs: 5, maxMs: 40 };

const append = async (store: EventStore, count: number): Promise<void> => {
  await store.appendToStream(
    `s-${randomUUID().slice(0, 8)}`,
    Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Happened', data: { i } })),
  );
};

/** Records what it was handed; `failOn` makes the batch holding that position throw `times` times. */
const recorder = (name = 'test-consumer', failOn?: { position: number; times: number }) => {
  const seen: number[] = [];
  const batches: number[][] = [];
  let failures = 0;
  const consumer: LogConsumer = {
    name,
    async handle(events: readonly RecordedEvent[]) {
      batches.push(events.map((event) => event.position));
      if (
        failOn &&
        failures < failOn.times &&
        events.some((event) => event.position === failOn.position)
      ) {
        failures += 1;
        throw new Error(`handler failed on ${failOn.position}`);
      }
      seen.push(...events.map((event) => event.position));
    },
  };
  return { consumer, seen, batches, failures: () => failures };
};

const waitFor = async (check: () => boolean | Promise<boolean>, what: string) => {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe('LogProcessor: awaits its consumer and moves the checkpoint only after it succeeded', () => {
  let store: EventStore;
  let lines: string[];
  let processor: LogProcessor | undefined;
  const log = (line: string) => lines.push(line);
  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
    lines = [];
  });
  afterEach(async () => {
    await processor?.stop();
    processor = undefined;
    await store.close();
  });

  it('hands the log over in order, in batches of at most 500, and stores the last event handled', async () => {
    await append(store, 1200);
    const { consumer, seen, batches } = recorder();
    processor = new LogProcessor({ store, consumer, batchSize: 10_000, flushMs: 0, log });
    processor.start();
    await processor.caughtUp();
    expect(seen).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
    expect(Math.max(...batches.map((batch) => batch.length))).toBeLessThanOrEqual(500);
    await processor.stop();
    const last = await store.eventAtPosition(1200);
    expect(await store.readCheckpoint('test-consumer')).toEqual(checkpointAt(last!));
  });

  it('a handler that throws leaves the checkpoint before the failed batch, and the batch is handed again', async () => {
    await append(store, 3);
    const { consumer, seen, batches, failures } = recorder('test-consumer', {
      position: 5,
      times: 2,
    });
    processor = new LogProcessor({ store, consumer, backoff: FAST, flushMs: 0, log });
    processor.start();
    await processor.caughtUp(3);
    await append(store, 2);
    await waitFor(() => failures() === 1, 'the first failure');
    expect((await store.readCheckpoint('test-consumer'))?.position).toBe(3);
    await processor.caughtUp(5);
    expect(failures()).toBe(2);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(batches.filter((batch) => batch.includes(5))).toHaveLength(3);
    await processor.stop();
    expect((await store.readCheckpoint('test-consumer'))?.position).toBe(5);
    expect(lines.some((line) => line.includes('checkpoint stays at 3'))).toBe(true);
  });

  it('the checkpoint never passes a failed event, across a stop and a new start', async () => {
    await append(store, 4);
    const failing = recorder('test-consumer', { position: 3, times: Number.MAX_SAFE_INTEGER });
    processor = new LogProcessor({
      store,
      consumer: failing.consumer,
      batchSize: 1,
      backoff: FAST,
      flushMs: 0,
      log,
    });
    processor.start();
    await waitFor(() => failing.failures() >= 3, 'three failures');
    expect(processor.status()).toMatchObject({ handled: 2, lastError: 'handler failed on 3' });
    await processor.stop();
    expect((await store.readCheckpoint('test-consumer'))?.position).toBe(2);
    const healthy = recorder();
    processor = new LogProcessor({ store, consumer: healthy.consumer, log });
    processor.start();
    await processor.caughtUp();
    expect(healthy.seen).toEqual([3, 4]);
  });

  it('resubscribes with backoff when the store drops, from the last event handled', async () => {
    await append(store, 2);
    let subscriptions = 0;
    const dropping: ProcessorStore = {
      readCheckpoint: (name) => store.readCheckpoint(name),
      writeCheckpoint: (name, checkpoint) => store.writeCheckpoint(name, checkpoint),
      eventAtPosition: (position) => store.eventAtPosition(position),
      headPosition: () => store.headPosition(),
      subscribeToAll(handler, options): Subscription {
        subscriptions += 1;
        if (subscriptions === 1) {
          // Delivers what the log holds, then the connection goes away.
          const live = store.subscribeToAll(handler, options);
          const dropped = waitFor(() => seen.length === 2, 'two events').then(async () => {
            await live.stop();
            throw new Error('connection reset');
          });
          return { done: dropped, stop: () => live.stop() };
        }
        // The store is still away for two more attempts.
        if (subscriptions <= 3)
          return { done: Promise.reject(new Error('store unreachable')), stop: async () => {} };
        expect(options?.after).toBe(2);
        return store.subscribeToAll(handler, options);
      },
    };
    const { consumer, seen } = recorder();
    processor = new LogProcessor({ store: dropping, consumer, backoff: FAST, flushMs: 0, log });
    processor.start();
    await waitFor(() => subscriptions === 4, 'the fourth subscription');
    await append(store, 1);
    await processor.caughtUp(3);
    expect(seen).toEqual([1, 2, 3]);
    const retries = lines.filter((line) => line.includes('reading again in'));
    expect(retries.map((line) => line.match(/in (\d+) ms/)?.[1])).toEqual(['5', '10', '20']);
  });

  it('verifies the stored checkpoint: one naming another event re-reads from the start, with a WARN', async () => {
    await append(store, 3);
    const first = await store.eventAtPosition(1);
    await store.writeCheckpoint('test-consumer', { position: 2, eventId: first!.id });
    const { consumer, seen } = recorder();
    processor = new LogProcessor({ store, consumer, log });
    processor.start();
    await processor.caughtUp();
    expect(seen).toEqual([1, 2, 3]);
    expect(
      lines.filter((line) => line.startsWith('WARN checkpoint of test-consumer')),
    ).toHaveLength(1);
  });

  it('a lease that moved on (fence) stops the processor without writing its checkpoint', async () => {
    await append(store, 3);
    let holds = true;
    const { consumer, seen } = recorder();
    processor = new LogProcessor({
      store,
      consumer,
      fence: { token: 7, holds: async () => holds },
      flushMs: 0,
      log,
    });
    processor.start();
    await processor.caughtUp();
    expect((await store.readCheckpoint('test-consumer'))?.position).toBe(3);
    holds = false;
    await append(store, 2);
    await waitFor(() => !processor!.status().running, 'the processor to stop');
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect((await store.readCheckpoint('test-consumer'))?.position).toBe(3);
    expect(lines.some((line) => line.includes('no longer carries token 7'))).toBe(true);
  });

  it('told to stop while its consumer is still starting (a worker stopped just after taking a lease), it stops: nothing is read', async () => {
    await append(store, 3);
    const { consumer, seen } = recorder();
    let starting = false;
    let started!: () => void;
    consumer.start = async () => {
      starting = true;
      await new Promise<void>((resolve) => (started = resolve));
    };
    processor = new LogProcessor({ store, consumer, flushMs: 0, log });
    processor.start();
    await waitFor(() => starting, 'the consumer to be starting');
    const stopped = processor.stop();
    started();
    await stopped;
    await append(store, 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
    expect(processor.status().running).toBe(false);
  });

  it('a consumer may store an earlier checkpoint than the last event handled (its replay point)', async () => {
    await append(store, 4);
    const at2 = checkpointAt((await store.eventAtPosition(2))!);
    const { consumer } = recorder();
    processor = new LogProcessor({
      store,
      consumer: { ...consumer, checkpoint: () => at2 },
      flushMs: 0,
      log,
    });
    processor.start();
    await processor.caughtUp();
    await processor.stop();
    expect(await store.readCheckpoint('test-consumer')).toEqual(at2);
  });
});
