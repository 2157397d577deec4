import type { EventStore } from '../../src';

/** What the case groups share; filled in by the suite's beforeAll. */
export interface ContractContext {
  readonly store: EventStore;
  /** Rows the adapter has fetched from storage so far, if it counts them. */
  readonly fetchedRows?: () => number;
  readonly largeStreamSize: number;
}
