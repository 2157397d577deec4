import { DashboardQueries } from '../src/dashboard-queries';
import { InMemoryReadModelStore } from '../src/in-memory-read-model-store';
import type { Projection } from '../src/projection';
import { ProjectionRunner, UnknownProjectionError } from '../src/projection-runner';
import { allProjections } from '../src/projections';
import type { ReadModelStore } from '../src/read-model-store';
import { FakeEventStore } from './support/in-memory-event-store';
import { click, commissionEarned } from './support/ledger-events';

const DAY = { from: '2025-05-01', to: '2025-05-01' };
const clicks = (n: number, visitor = 'v') =>
  Array.from({ length: n }, (_, i) =>
    click({ at: '2025-05-01T08:00:00.000Z', visitorId: `${visitor}${i}` }),
  );

const setup = (
  options: { store?: ReadModelStore; projections?: Projection[]; batchSize?: number } = {},
) => {
  const eventStore = new FakeEventStore();
  const store = options.store ?? new InMemoryReadModelStore();
  const runner = new ProjectionRunner({
    eventStore,
    store,
    projections: options.projections ?? allProjections(),
    batchSize: options.batchSize ?? 500,
    retryDelayMs: 5,
  });
  return { eventStore, store, runner, queries: new DashboardQueries(store) };
};

describe('projection runner', () => {
  it('catches up with the log, then follows it live', async () => {
    const { eventStore, runner, queries } = setup({ batchSize: 7 });
    eventStore.append(clicks(20));
    runner.start();
    await runner.waitUntilCaughtUp();
    expect((await queries.affiliateDashboard('aff-1', DAY)).totals.clicks).toBe(20);
    const head = eventStore.append(clicks(3, 'w'));
    await runner.waitUntilCaughtUp(head);
    expect((await queries.affiliateDashboard('aff-1', DAY)).totals).toMatchObject({
      clicks: 23,
      uniqueClicks: 23,
    });
    expect(await runner.lag()).toEqual({
      'affiliate-stats': 0,
      'program-stats': 0,
      balances: 0,
      commissions: 0,
      payouts: 0,
    });
    await runner.stop();
  });

  it('reports how far each projection is behind the head', async () => {
    const { eventStore, runner } = setup();
    eventStore.append(clicks(4));
    expect(await runner.lag()).toMatchObject({ balances: 4, payouts: 4 });
    expect((await runner.status())[0]).toMatchObject({
      name: 'affiliate-stats',
      running: false,
      checkpoint: 0,
      lag: 4,
    });
  });

  it('resumes after a restart from the checkpoint, counting nothing twice', async () => {
    const store = new InMemoryReadModelStore();
    const first = setup({ store, batchSize: 3 });
    first.eventStore.append(clicks(10));
    first.runner.start();
    await first.runner.waitUntilCaughtUp();
    await first.runner.stop();

    const second = new ProjectionRunner({
      eventStore: first.eventStore,
      store,
      projections: allProjections(),
      retryDelayMs: 5,
    });
    first.eventStore.append(clicks(2, 'late'));
    second.start();
    await second.waitUntilCaughtUp();
    await second.stop();
    expect((await first.queries.affiliateDashboard('aff-1', DAY)).totals.clicks).toBe(12);
  });

  it('resumes after a crash between batches: a batch whose apply failed is applied once, later', async () => {
    const store = new InMemoryReadModelStore();
    let failures = 2;
    const flaky: ReadModelStore = Object.assign(Object.create(store), {
      apply: async (...args: Parameters<ReadModelStore['apply']>) => {
        if (failures-- > 0) throw new Error('connection lost');
        return store.apply(...args);
      },
    });
    const errors: string[] = [];
    const eventStore = new FakeEventStore();
    const runner = new ProjectionRunner({
      eventStore,
      store: flaky,
      projections: allProjections().filter((projection) => projection.name === 'program-stats'),
      retryDelayMs: 5,
      onError: (name, error) => errors.push(`${name}: ${(error as Error).message}`),
    });
    eventStore.append(clicks(5));
    runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(errors).toEqual(['program-stats: connection lost', 'program-stats: connection lost']);
    expect((await new DashboardQueries(store).programDashboard(DAY)).totals.clicks).toBe(5);
  });

  it('lets two runners share one store: each batch is applied by exactly one of them', async () => {
    const store = new InMemoryReadModelStore();
    const eventStore = new FakeEventStore();
    const runners = [3, 5].map(
      (batchSize) =>
        new ProjectionRunner({
          eventStore,
          store,
          projections: allProjections(),
          batchSize,
          retryDelayMs: 1,
        }),
    );
    runners.forEach((runner) => runner.start());
    for (let i = 0; i < 10; i++) {
      eventStore.append(clicks(7, `round${i}-`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(runners.map((runner) => runner.waitUntilCaughtUp()));
    await Promise.all(runners.map((runner) => runner.stop()));
    expect((await new DashboardQueries(store).programDashboard(DAY)).totals).toMatchObject({
      clicks: 70,
      uniqueClicks: 70,
    });
  });

  it('rebuilds a read model from position 0 to the same documents', async () => {
    const { eventStore, store, runner } = setup({ batchSize: 4 });
    eventStore.append([
      ...clicks(9),
      commissionEarned({
        commissionId: 'o1',
        amountCents: 500,
        earnedAt: '2025-05-01T09:00:00.000Z',
      }),
    ]);
    runner.start();
    await runner.waitUntilCaughtUp();
    const before = await store.dump();
    expect(await runner.rebuild('affiliate-stats')).toEqual(['affiliate-stats']);
    await runner.waitUntilCaughtUp();
    expect(await store.dump()).toEqual(before);
    await runner.rebuild();
    await runner.waitUntilCaughtUp();
    expect(await store.dump()).toEqual(before);
    await runner.stop();
    await expect(runner.rebuild('nope')).rejects.toBeInstanceOf(UnknownProjectionError);
  });

  it('rebuilds while stopped by dropping the read model; the next start replays it', async () => {
    const { eventStore, store, runner } = setup();
    eventStore.append(clicks(2));
    runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    await runner.rebuild('balances');
    expect(await store.checkpoint('balances')).toBe(0);
    runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(await store.checkpoint('balances')).toBe(2);
  });

  it('keeps retrying a failing projection and shows the error in its status', async () => {
    const broken: Projection = {
      name: 'broken',
      project: async () => {
        throw new Error('bug');
      },
    };
    const { eventStore, runner } = setup({ projections: [broken] });
    eventStore.append(clicks(1));
    runner.start();
    await expect(runner.waitUntilCaughtUp(1, { timeoutMs: 50 })).rejects.toThrow(/broken@0/);
    expect((await runner.status())[0]).toMatchObject({
      name: 'broken',
      running: true,
      lag: 1,
      lastError: 'bug',
    });
    await runner.stop();
  });
});
