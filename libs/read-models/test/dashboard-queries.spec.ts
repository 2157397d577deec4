import { DashboardQueries, ReadModelQueryError, daysOf } from '../src/dashboard-queries';
import { InMemoryReadModelStore } from '../src/in-memory-read-model-store';
import type { ReadModelReader } from '../src/read-model-store';

describe('dashboard queries', () => {
  it('reads a year of dashboard in one round trip', async () => {
    const store = new InMemoryReadModelStore();
    const calls: string[] = [];
    const counting: ReadModelReader = {
      getHash: (key) => (calls.push('getHash'), store.getHash(key)),
      getHashes: (keys) => (calls.push(`getHashes(${keys.length})`), store.getHashes(keys)),
      indexPage: (key, options) => (calls.push('indexPage'), store.indexPage(key, options)),
    };
    const dashboard = await new DashboardQueries(counting).affiliateDashboard('aff-1', {
      from: '2024-06-01',
      to: '2025-05-31',
    });
    expect(dashboard.byDay).toHaveLength(365);
    expect(calls).toEqual(['getHashes(367)']);
  });

  it('takes every UTC day of the range, both ends included, across a leap day', () => {
    expect(daysOf({ from: '2024-02-28', to: '2024-03-01' })).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
    expect(daysOf({ from: '2025-01-01', to: '2025-01-01' })).toEqual(['2025-01-01']);
  });

  it.each([
    [{ from: '2025-1-01', to: '2025-01-02' }, 'from'],
    [{ from: '2025-02-30', to: '2025-03-02' }, 'from'],
    [{ from: '2025-01-02', to: 'tomorrow' }, 'to'],
    [{ from: '2025-01-02', to: '2025-01-01' }, 'to'],
    [{ from: '2020-01-01', to: '2025-01-01' }, 'to'],
  ])('refuses the range %j', (range, field) => {
    expect(() => daysOf(range)).toThrow(ReadModelQueryError);
    try {
      daysOf(range);
    } catch (error) {
      expect((error as ReadModelQueryError).details[0].field).toBe(field);
    }
  });
});
