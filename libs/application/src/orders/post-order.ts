import {
  evolveLedger,
  evolveOrder,
  initialLedger,
  initialOrder,
  streams,
  type AffiliateLedger,
  type AffiliateLedgerEvent,
  type CommissionEvent,
  type OrderEvent,
  type OrderState,
} from '@threadtrak/ledger';
import { ledgerHandler } from '../stream-handlers';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';

export const loadOrder = (log: EventLog, orderId: string) =>
  log.load<OrderState, OrderEvent>(streams.order(orderId), initialOrder, evolveOrder);

export const loadLedger = (log: EventLog, affiliateId: string) =>
  log.load<AffiliateLedger, AffiliateLedgerEvent>(
    streams.ledger(affiliateId),
    initialLedger(),
    evolveLedger,
  );

/** Orders, payouts and the scheduler write the same ledgers: a busy one may take a few tries. */
const onLedger = ledgerHandler(retryOnConflict(4));

/**
 * Rounds of posting while the order keeps moving. Each round follows a change of the order made while the
 * previous one posted; every such change is an order event the ledger-posting consumer posts again, so
 * stopping after a few rounds loses nothing: it only leaves the rest to the consumer.
 */
const MAX_ROUNDS = 5;

/**
 * Posts what an order calls for into its affiliate's ledger: the commission, reversals, restorations.
 * Idempotent (entries already in the ledger are skipped), so the API calls it right after every change to
 * an order and the worker calls it again for every order event it sees — a crash in between loses nothing.
 */
export class PostOrder {
  constructor(private readonly log: EventLog) {}

  /**
   * The decision rests on the order as read; if the order moved while we posted (a dispute won while we
   * appended the loss), another posting may already have looked at the ledger without our entries — so we
   * post again until the order stands still. Each round is idempotent, so this converges.
   */
  async execute(orderId: string, causationId?: string): Promise<CommissionEvent[]> {
    const posted: CommissionEvent[] = [];
    let { state: order, revision } = await loadOrder(this.log, orderId);
    for (let round = 1; round <= MAX_ROUNDS; round++) {
      const affiliateId = order.attribution?.affiliateId;
      if (!affiliateId) return posted;
      const { events } = await handleCommand(
        this.log,
        onLedger,
        streams.ledger(affiliateId),
        { type: 'PostOrder', order },
        { actor: 'system:ledger-posting', causationId },
      );
      posted.push(...(events as CommissionEvent[]));
      const now = await loadOrder(this.log, orderId);
      if (now.revision === revision) return posted;
      ({ state: order, revision } = now);
    }
    return posted;
  }
}
