import { assert } from '@threadtrak/ledger';
import { checkpointAt, type EventStore, type Subscription } from '@threadtrak/event-store';
import type { LogCheckpoints } from '../checkpoints';
import type { PostReattributedOrder } from '../reattribution/post-reattributed-order';
import type { PostOrder } from './post-order';

const ORDER_EVENTS = new Set([
  'OrderPaid',
  'OrderRefunded',
  'OrderDisputeClosed',
  'OrderReattributed',
  'OrderAttributed',
]);

/**
 * The safety net behind the API: for every order event in the log, post the order to its affiliate's
 * ledger. The API already did so in the request; this catches what a crash between the two appends left
 * undone. Posting is idempotent, so re-handling events after a restart (or re-reading the whole log when
 * the checkpoint does not match it) is harmless.
 */
export const startLedgerPosting = async (
  store: EventStore,
  posting: PostOrder,
  checkpoints: LogCheckpoints,
  reattributed?: PostReattributedOrder,
): Promise<Subscription> => {
  const name = 'ledger-posting';
  const after = await checkpoints.resume(name);
  return store.subscribeToAll(
    async (events) => {
      const orders = new Set(
        events
          .filter((event) => ORDER_EVENTS.has(event.type))
          .map((event) => (event.data as { orderId: string }).orderId),
      );
      for (const orderId of orders) await posting.execute(orderId);
      // An apply that stopped between re-attributing an order and correcting the old affiliate's ledger.
      const moved = new Set(
        events
          .filter((event) => event.type === 'OrderReattributed')
          .map((event) => (event.data as { orderId: string }).orderId),
      );
      if (reattributed) for (const orderId of moved) await reattributed.execute(orderId);
      const last = events.at(-1);
      assert(last, 'a batch read from the log holds at least one event');
      await checkpoints.write(name, checkpointAt(last));
    },
    { after: after.position },
  );
};
