import type { EventStore } from '../src';
import { appendingCases } from './contract/appending.cases';
import { checkpointCases } from './contract/checkpoint.cases';
import type { ContractContext } from './contract/context';
import { lookupCases } from './contract/lookup.cases';
import { readingCases } from './contract/reading.cases';
import { refusalCases } from './contract/refusal.cases';
import { subscriptionCases } from './contract/subscription.cases';

export interface ContractSubject {
  store: EventStore;
  /** Rows the adapter has fetched from storage so far, if it counts them: proves reads are paged. */
  fetchedRows?: () => number;
}

export interface ContractOptions {
  /** Events in the large-stream case (default 100 000). */
  largeStreamSize?: number;
}

/**
 * The behaviour every EventStore adapter must share (see docs/event-store.md).
 * One store per suite; each case uses its own streams and only looks at the log
 * after the head it found on entry, so cases do not depend on each other.
 */
export function describeEventStoreContract(
  name: string,
  factory: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    const context: ContractContext = {
      get store() {
        if (!subject) throw new Error('the store is not open yet');
        return subject.store;
      },
      get fetchedRows() {
        return subject?.fetchedRows;
      },
      largeStreamSize: options.largeStreamSize ?? 100_000,
    };

    beforeAll(async () => {
      subject = await factory();
    });
    afterAll(async () => {
      await subject?.store.close();
    });

    appendingCases(context);
    readingCases(context);
    subscriptionCases(context);
    refusalCases(context);
    checkpointCases(context);
    lookupCases(context);
  });
}
