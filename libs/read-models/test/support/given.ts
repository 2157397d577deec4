import type { LedgerEvent } from '@threadtrak/ledger';
import { DashboardQueries } from '../../src/dashboard-queries';
import { InMemoryReadModelStore } from '../../src/in-memory-read-model-store';
import type { Projection } from '../../src/projection';
import type { ReadModelStore } from '../../src/read-model-store';
import { recorded } from './ledger-events';

/** Applies the batch split given by `sizes` (cycled), as the runner would. */
export const projectInBatches = async (
  store: ReadModelStore,
  projection: Projection,
  events: readonly LedgerEvent[],
  sizes: readonly number[],
): Promise<void> => {
  const all = recorded(events);
  let after = await store.checkpoint(projection.name);
  for (let start = after, i = 0; start < all.length; i++) {
    const batch = all.slice(start, start + Math.max(1, sizes[i % sizes.length]));
    const position = batch[batch.length - 1].position;
    const result = await store.apply(
      projection.name,
      { after, position },
      await projection.project(batch, store),
    );
    if (result !== 'applied') throw new Error(`batch ${after}..${position} ${result}`);
    after = position;
    start += batch.length;
  }
};

/**
 * Given these events, projected in one batch — and, to prove batching does not matter, also one event per
 * batch, which must leave the very same documents — then query the read model.
 */
export const given = async (
  projections: Projection | Projection[],
  events: readonly LedgerEvent[],
) => {
  const store = new InMemoryReadModelStore();
  const oneByOne = new InMemoryReadModelStore();
  for (const projection of [projections].flat()) {
    if (events.length) await projectInBatches(store, projection, events, [events.length]);
    if (events.length) await projectInBatches(oneByOne, projection, events, [1]);
  }
  expect(await oneByOne.dump()).toEqual(await store.dump());
  return { store, queries: new DashboardQueries(store) };
};
