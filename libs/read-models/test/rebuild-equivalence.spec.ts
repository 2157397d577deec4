import fc from 'fast-check';
import { applyMovement, ZERO_BALANCES, type Balances } from '@threadtrak/ledger';
import { DashboardQueries } from '../src/dashboard-queries';
import { InMemoryReadModelStore } from '../src/in-memory-read-model-store';
import { allProjections } from '../src/projections';
import type { ReadModelStore } from '../src/read-model-store';
import { projectInBatches } from './support/given';
import { batchSplits, ledgerHistory } from './support/histories';
import { recorded } from './support/ledger-events';
import type { LedgerEvent } from '@threadtrak/ledger';

const projectAll = async (
  store: ReadModelStore,
  events: readonly LedgerEvent[],
  sizes: readonly number[],
) => {
  for (const projection of allProjections())
    await projectInBatches(store, projection, events, sizes);
};

const RANGE = { from: '2025-05-01', to: '2025-05-04' };

describe('read models from any batch split', () => {
  it('projected live in random batches equal a rebuild from position 0, key by key', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerHistory, batchSplits, async (events, sizes) => {
        const live = new InMemoryReadModelStore();
        const rebuilt = new InMemoryReadModelStore();
        await projectAll(live, events, sizes);
        await projectAll(rebuilt, events, [500]);
        expect(await live.dump()).toEqual(await rebuilt.dump());
      }),
      { numRuns: 300 },
    );
  });

  it('a replay of batches already applied (a crash before the runner learnt of its write) changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerHistory, batchSplits, async (events, sizes) => {
        const store = new InMemoryReadModelStore();
        await projectAll(store, events, sizes);
        const before = await store.dump();
        const all = recorded(events);
        for (const projection of allProjections())
          for (let start = 0, i = 0; start < all.length; start += sizes[i++ % sizes.length]) {
            const batch = all.slice(start, start + sizes[i % sizes.length]);
            const range = { after: start, position: batch[batch.length - 1].position };
            expect(
              await store.apply(projection.name, range, await projection.project(batch, store)),
            ).toBe('skipped');
          }
        expect(await store.dump()).toEqual(before);
      }),
      { numRuns: 50 },
    );
  });

  it('balances equal the ledger’s own replay, and the program’s stats the sum of its affiliates’', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerHistory, async (events) => {
        const store = new InMemoryReadModelStore();
        await projectAll(store, events, [500]);
        const queries = new DashboardQueries(store);
        const replayed = new Map<string, Balances>();
        let program = ZERO_BALANCES;
        for (const event of events) {
          const affiliateId = (event.data as { affiliateId?: string }).affiliateId;
          if (!affiliateId || !event.type.match(/^(Commission|Payout(?!Account))/)) continue;
          replayed.set(
            affiliateId,
            applyMovement(replayed.get(affiliateId) ?? ZERO_BALANCES, event),
          );
          program = applyMovement(program, event);
        }
        for (const [affiliateId, balances] of replayed)
          expect(await queries.balance(affiliateId)).toEqual(balances);
        expect(await queries.balance()).toEqual(program);

        const affiliates = await Promise.all(
          [0, 1, 2].map((i) => queries.affiliateDashboard(`aff-${i}`, RANGE)),
        );
        const { totals } = await queries.programDashboard(RANGE);
        for (const metric of [
          'clicks',
          'uniqueClicks',
          'sales',
          'revenueCents',
          'commissionCents',
          'refunds',
        ] as const)
          expect(affiliates.reduce((sum, dashboard) => sum + dashboard.totals[metric], 0)).toBe(
            totals[metric],
          );
      }),
      { numRuns: 100 },
    );
  });
});
