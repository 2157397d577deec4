import { checkpointAt, LOG_START, ReplayRequestedError } from '@threadtrak/event-store';
import { DashboardQueries } from '../src/dashboard-queries';
import { InMemoryReadModelStore } from '../src/in-memory-read-model-store';
import type { Projection } from '../src/projection';
import { ProjectionsConsumer } from '../src/projections-consumer';
import { allProjections } from '../src/projections';
import type { ReadModelStore } from '../src/read-model-store';
import { replayProjections } from '../src/replay';
import { FakeEventStore } from './support/in-memory-event-store';
import { click, commissionEarned } from './support/ledger-events';

const DAY = { from: '2025-05-01', to: '2025-05-01' };
const clicks = (n: number, visitor = 'v') =>
  Array.from({ length: n }, (_, i) =>
    click({ at: '2025-05-01T08:00:00.000Z', visitorId: `${visitor}${i}` }),
  );

const setup = (options: { store?: ReadModelStore; projections?: Projection[] } = {}) => {
  const eventStore = new FakeEventStore();
  const store = options.store ?? new InMemoryReadModelStore();
  const projections = options.projections ?? allProjections();
  const replay = (batchSize = 500) =>
    replayProjections({ eventStore, store, projections, batchSize });
  return { eventStore, store, replay, queries: new DashboardQueries(store) };
};

describe('the projections consumer', () => {
  it('projects the log in batches, and later goes on from where each read model stands', async () => {
    const { eventStore, replay, queries } = setup();
    eventStore.append(clicks(20));
    await replay(7);
    expect((await queries.affiliateDashboard('aff-1', DAY)).totals.clicks).toBe(20);
    eventStore.append(clicks(3, 'w'));
    await replay(7);
    expect((await queries.affiliateDashboard('aff-1', DAY)).totals).toMatchObject({
      clicks: 23,
      uniqueClicks: 23,
    });
  });

  it('starts the processor back at the read model furthest behind, never later than its checkpoint', async () => {
    const { eventStore, store, replay } = setup();
    eventStore.append(clicks(6));
    await replay();
    await store.reset('balances');
    const consumer = new ProjectionsConsumer({ eventStore, store });
    const atSix = checkpointAt((await eventStore.eventAtPosition(6))!);
    expect(await consumer.start(atSix)).toEqual(LOG_START);
    await replay();
    const again = new ProjectionsConsumer({ eventStore, store });
    const atFour = checkpointAt((await eventStore.eventAtPosition(4))!);
    expect(await again.start(atFour)).toBeUndefined();
  });

  it('a batch handed again after a failed apply is applied once', async () => {
    const store = new InMemoryReadModelStore();
    let failures = 1;
    const flaky: ReadModelStore = Object.assign(Object.create(store), {
      apply: async (...args: Parameters<ReadModelStore['apply']>) => {
        if (failures-- > 0) throw new Error('connection lost');
        return store.apply(...args);
      },
    });
    const errors: string[] = [];
    const eventStore = new FakeEventStore();
    const consumer = new ProjectionsConsumer({
      eventStore,
      store: flaky,
      projections: allProjections().filter((projection) => projection.name === 'program-stats'),
      onError: (name, error) => errors.push(`${name}: ${(error as Error).message}`),
    });
    eventStore.append(clicks(5));
    await consumer.start(LOG_START);
    await expect(consumer.handle(eventStore.log)).rejects.toThrow('connection lost');
    expect(consumer.lastErrors()).toEqual({ 'program-stats': 'connection lost' });
    await consumer.handle(eventStore.log);
    await consumer.handle(eventStore.log);
    expect(errors).toEqual(['program-stats: connection lost']);
    expect(consumer.lastErrors()).toEqual({});
    expect((await new DashboardQueries(store).programDashboard(DAY)).totals.clicks).toBe(5);
  });

  it('two writers on one store: each batch is applied by exactly one of them', async () => {
    const { eventStore, store, replay } = setup();
    eventStore.append(clicks(70));
    await Promise.all([replay(3), replay(5)]);
    expect((await new DashboardQueries(store).programDashboard(DAY)).totals).toMatchObject({
      clicks: 70,
      uniqueClicks: 70,
    });
  });

  it('a read model reset under it (a rebuild) makes it ask the processor to start it again', async () => {
    const { eventStore, store } = setup();
    eventStore.append(clicks(4));
    const consumer = new ProjectionsConsumer({ eventStore, store });
    await consumer.start(LOG_START);
    await consumer.handle(eventStore.log);
    await store.reset('affiliate-stats');
    eventStore.append(clicks(1, 'late'));
    await expect(consumer.handle(eventStore.log.slice(4))).rejects.toBeInstanceOf(
      ReplayRequestedError,
    );
    const atFive = checkpointAt((await eventStore.eventAtPosition(5))!);
    expect(await consumer.start(atFive)).toEqual(LOG_START);
  });

  it('a rebuild from position 0 gives the same documents', async () => {
    const { eventStore, store, replay } = setup();
    eventStore.append([
      ...clicks(9),
      commissionEarned({
        commissionId: 'o1',
        amountCents: 500,
        earnedAt: '2025-05-01T09:00:00.000Z',
      }),
    ]);
    await replay(4);
    const before = await store.dump();
    await store.reset('affiliate-stats');
    await replay(4);
    expect(await store.dump()).toEqual(before);
    for (const name of allProjections().map((projection) => projection.name))
      await store.reset(name);
    await replay(3);
    expect(await store.dump()).toEqual(before);
  });

  it('a failing projection keeps its read model where it was and shows its error', async () => {
    const broken: Projection = {
      name: 'broken',
      project: async () => {
        throw new Error('bug');
      },
    };
    const { eventStore, store, replay } = setup({ projections: [broken] });
    eventStore.append(clicks(1));
    await expect(replay()).rejects.toThrow('bug');
    expect(await store.checkpoint('broken')).toBe(0);
  });
});
