import type { RecordedEvent } from '@threadtrak/event-store';
import type { LogConsumer } from '../processing/log-consumer';
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
 * the checkpoint does not match it) is harmless. Run by a LogProcessor under the `ledger-posting` lease.
 */
export class LedgerPosting implements LogConsumer {
  readonly name = 'ledger-posting';

  constructor(
    private readonly posting: PostOrder,
    private readonly reattributed?: PostReattributedOrder,
  ) {}

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    for (const orderId of ordersOf(events, (type) => ORDER_EVENTS.has(type)))
      await this.posting.execute(orderId);
    // An apply that stopped between re-attributing an order and correcting the old affiliate's ledger.
    if (!this.reattributed) return;
    for (const orderId of ordersOf(events, (type) => type === 'OrderReattributed'))
      await this.reattributed.execute(orderId);
  }
}

const ordersOf = (events: readonly RecordedEvent[], wanted: (type: string) => boolean) =>
  new Set(
    events
      .filter((event) => wanted(event.type))
      .map((event) => (event.data as { orderId: string }).orderId),
  );
