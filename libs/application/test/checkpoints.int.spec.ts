import {
  checkpointAt,
  createEventStore,
  type EventStore,
  type RecordedEvent,
} from '@threadtrak/event-store';
import { randomUUID } from 'node:crypto';
import { LogCheckpoints } from '../src/checkpoints';

const appendSome = async (store: EventStore, count: number): Promise<RecordedEvent[]> => {
  const head = await store.headPosition();
  await store.appendToStream(
    `s-${randomUUID().slice(0, 8)}`,
    Array.from({ length: count }, (_, i) => ({ id: randomUUID(), type: 'Happened', data: { i } })),
  );
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll({ after: head })) events.push(event);
  return events;
};

describe('log checkpoints: kept in the event store, verified against the log at start', () => {
  let store: EventStore;
  let warnings: string[];
  let checkpoints: LogCheckpoints;
  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
    warnings = [];
    checkpoints = new LogCheckpoints(store, { log: (line) => warnings.push(line) });
  });
  afterEach(() => store.close());

  it('a consumer without a checkpoint resumes from the start of the log, silently', async () => {
    expect(await checkpoints.resume('ledger-posting')).toEqual({ position: 0, eventId: '' });
    expect(warnings).toEqual([]);
  });

  it('a checkpoint that names the event the log holds at its position is where the consumer resumes', async () => {
    const [, second] = await appendSome(store, 3);
    await checkpoints.write('payout-saga', checkpointAt(second!));
    await checkpoints.flush();
    const fresh = new LogCheckpoints(store, { log: (line) => warnings.push(line) });
    expect(await fresh.resume('payout-saga')).toEqual(checkpointAt(second!));
    expect(warnings).toEqual([]);
  });

  it('a checkpoint naming another event at its position (a restored log) re-reads from the start, with a WARN naming consumer, stored and found', async () => {
    const [first, second] = await appendSome(store, 2);
    await store.writeCheckpoint('payout-saga', { ...checkpointAt(second!), eventId: first!.id });
    expect(await checkpoints.resume('payout-saga')).toEqual({ position: 0, eventId: '' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('WARN checkpoint of payout-saga does not match the log');
    expect(warnings[0]).toContain(`stored position ${second!.position} event ${first!.id}`);
    expect(warnings[0]).toContain(`found event ${second!.id}`);
    expect(warnings[0]).toContain('re-reading payout-saga from the start of the log');
  });

  it('a checkpoint past the head (a swapped, shorter log) re-reads from the start, with a WARN', async () => {
    const [only] = await appendSome(store, 1);
    await store.writeCheckpoint('ledger-posting', {
      position: only!.position + 50,
      eventId: randomUUID(),
    });
    expect((await checkpoints.resume('ledger-posting')).position).toBe(0);
    expect(warnings[0]).toMatch(
      new RegExp(
        `stored position ${only!.position + 50} .*found no event there \\(log head ${only!.position}\\)`,
      ),
    );
  });

  it('a tampered event at the position (same id, another chain link) does not match', async () => {
    const [event] = await appendSome(store, 1);
    await store.writeCheckpoint('ledger-posting', {
      ...checkpointAt(event!),
      hash: 'f'.repeat(64),
    });
    expect((await checkpoints.resume('ledger-posting')).position).toBe(0);
    expect(warnings).toHaveLength(1);
  });

  it('coalesces writes: many checkpoints of one consumer in a flush period make one store write, the last', async () => {
    const events = await appendSome(store, 20);
    const written: number[] = [];
    const spied = new LogCheckpoints(
      {
        ...store,
        readCheckpoint: (c) => store.readCheckpoint(c),
        eventAtPosition: (p) => store.eventAtPosition(p),
        headPosition: () => store.headPosition(),
        writeCheckpoint: async (c, cp) => void written.push(cp.position),
      },
      { flushMs: 50 },
    );
    for (const event of events) await spied.write('ledger-posting', checkpointAt(event));
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(written).toEqual([events.at(-1)!.position]);
  });
});
