import { createEventStore, type EventStore } from '@threadtrak/event-store';
import { randomUUID } from 'node:crypto';
import { LedgerPosting } from '../../src/orders/ledger-posting';
import type { PostOrder } from '../../src/orders/post-order';
import { LogProcessor } from '../../src/processing';

const FAST = { initialMs: 5, maxMs: 40 };

/** Posts by recording the order ids; the first post of `failing` throws (the ledger's store is away). */
const posting = (failing: string) => {
  const posted: string[] = [];
  let failed = false;
  const postOrder = {
    async execute(orderId: string) {
      if (orderId === failing && !failed) {
        failed = true;
        throw new Error(`the ledger of ${orderId} cannot be written`);
      }
      posted.push(orderId);
    },
  } as unknown as PostOrder;
  return { postOrder, posted, failed: () => failed };
};

const orderPaid = (orderId: string) => ({
  id: randomUUID(),
  type: 'OrderPaid',
  data: { orderId },
});

describe('ledger posting, run by the log processor', () => {
  let store: EventStore;
  let processor: LogProcessor | undefined;
  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
  });
  afterEach(async () => {
    await processor?.stop();
    await store.close();
  });

  it('an order it failed to post keeps the checkpoint before it, and is posted on the retry', async () => {
    await store.appendToStream('order-o-1', [orderPaid('o-1')]);
    await store.appendToStream('order-o-2', [orderPaid('o-2')]);
    const { postOrder, posted, failed } = posting('o-2');
    const lines: string[] = [];
    processor = new LogProcessor({
      store,
      consumer: new LedgerPosting(postOrder),
      batchSize: 1,
      backoff: FAST,
      flushMs: 0,
      log: (line) => lines.push(line),
    });
    processor.start();
    await processor.caughtUp();
    expect(failed()).toBe(true);
    expect(posted).toEqual(['o-1', 'o-2']);
    expect(lines.filter((line) => line.includes('checkpoint stays at 1'))).toHaveLength(1);
    await processor.stop();
    expect((await store.readCheckpoint('ledger-posting'))?.position).toBe(2);
  });
});
