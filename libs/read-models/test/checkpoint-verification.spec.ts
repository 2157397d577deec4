import { DashboardQueries } from '../src/dashboard-queries';
import { InMemoryReadModelStore } from '../src/in-memory-read-model-store';
import { allProjections } from '../src/projections';
import { replayProjections } from '../src/replay';
import { FakeEventStore } from './support/in-memory-event-store';
import { click } from './support/ledger-events';

const DAY = { from: '2025-05-01', to: '2025-05-01' };
const clicks = (n: number, visitor: string) =>
  Array.from({ length: n }, (_, i) =>
    click({ at: '2025-05-01T08:00:00.000Z', visitorId: `${visitor}${i}` }),
  );

/** Read models kept across starts (as in Redis), and the log they were built from replaced under them. */
const world = () => {
  const store = new InMemoryReadModelStore();
  const warnings: string[] = [];
  const runOn = async (eventStore: FakeEventStore) => {
    await replayProjections({
      eventStore,
      store,
      projections: allProjections(),
      log: (line) => warnings.push(line),
    });
  };
  const clickCount = async () =>
    (await new DashboardQueries(store).affiliateDashboard('aff-1', DAY)).totals.clicks;
  return { store, warnings, runOn, clickCount };
};

describe('projection checkpoints are verified against the log at start', () => {
  it('given read models built from this log, when the projections start again, then it resumes without a warning', async () => {
    const { warnings, runOn, clickCount } = world();
    const log = new FakeEventStore();
    log.append(clicks(10, 'v'));
    await runOn(log);
    log.append(clicks(2, 'w'));
    await runOn(log);
    expect(await clickCount()).toBe(12);
    expect(warnings).toEqual([]);
  });

  it('given a checkpoint past the head of a restored (shorter) log, then the read models are rebuilt from it and a WARN says so', async () => {
    const { store, warnings, runOn, clickCount } = world();
    const original = new FakeEventStore();
    original.append(clicks(10, 'v'));
    await runOn(original);
    const restored = new FakeEventStore();
    restored.append(clicks(6, 'v'));
    await runOn(restored);
    expect(await clickCount()).toBe(6);
    expect(await store.checkpoint('affiliate-stats')).toBe(6);
    expect(warnings.find((line) => line.includes('projection affiliate-stats'))).toMatch(
      /^WARN checkpoint of projection affiliate-stats does not match the log: stored position 10 event e10, found no event there \(log head 6\).*rebuilding affiliate-stats from position 0/,
    );
  });

  it('given another event at the checkpoint position (a swapped log as long as the old one), then the read models are rebuilt from it', async () => {
    const { warnings, runOn, clickCount } = world();
    const original = new FakeEventStore();
    original.append(clicks(10, 'v'));
    await runOn(original);
    const swapped = new FakeEventStore();
    swapped.append(clicks(12, 'x'));
    swapped.log[9]!.id = 'another-event';
    await runOn(swapped);
    expect(await clickCount()).toBe(12);
    expect(warnings.find((line) => line.includes('projection balances'))).toMatch(
      /stored position 10 event e10, found event another-event/,
    );
  });
});
