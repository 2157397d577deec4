import type { Decider } from '../decider';
import type { ReattributionApplied, ReattributionChange } from './reattribution-events';

/** Changes per ReattributionApplied part: ~250 bytes each keeps a part far below the 1 MiB event limit. */
export const REATTRIBUTION_PART_SIZE = 1000;

export type ReattributionRecord = Omit<ReattributionApplied['data'], 'part' | 'parts'>;

/** The stream `reattribution-{id}` read back: the parts recorded so far. */
export interface ReattributionRecordState {
  first: ReattributionApplied['data'] | null;
  changes: ReattributionChange[];
  count: number;
}

/** The complete record, or null (never applied, or stopped between parts). */
export const completeRecord = (state: ReattributionRecordState): ReattributionRecord | null => {
  if (!state.first || state.count < (state.first.parts ?? 1)) return null;
  const { part: _part, parts: _parts, ...record } = state.first;
  return { ...record, changes: state.changes };
};

export interface RecordReattribution {
  type: 'RecordReattribution';
  record: ReattributionRecord;
}

/**
 * Written once every order and ledger carries the re-attribution, so a complete record means "applied".
 * Decides the parts still missing: a crash between parts is finished by the next apply.
 */
export const reattributionRecordDecider: Decider<
  ReattributionRecordState,
  RecordReattribution,
  ReattributionApplied
> = {
  initialState: () => ({ first: null, changes: [], count: 0 }),
  evolve: (state, event) => ({
    first: state.first ?? event.data,
    changes: [...state.changes, ...event.data.changes],
    count: state.count + 1,
  }),
  decide: ({ record }, state) => {
    if (completeRecord(state)) return [];
    const parts = Math.max(1, Math.ceil(record.changes.length / REATTRIBUTION_PART_SIZE));
    const missing: ReattributionApplied[] = [];
    for (let part = state.count; part < parts; part++) {
      const changes = record.changes.slice(
        part * REATTRIBUTION_PART_SIZE,
        (part + 1) * REATTRIBUTION_PART_SIZE,
      );
      missing.push({ type: 'ReattributionApplied', data: { ...record, changes, part, parts } });
    }
    return missing;
  },
};
