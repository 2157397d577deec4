import {
  evolveLedger,
  evolveOrder,
  initialLedger,
  initialOrder,
  postOrderToLedger,
  streams,
  type AffiliateLedger,
  type CommissionEvent,
  type OrderEvent,
  type OrderState,
  type PayoutEvent,
} from '@threadtrak/ledger';
import type { EventLog } from '../event-log';

export const loadOrder = (log: EventLog, orderId: string) =>
  log.load<OrderState, OrderEvent>(streams.order(orderId), initialOrder, evolveOrder);

export const loadLedger = (log: EventLog, affiliateId: string) =>
  log.load<AffiliateLedger, CommissionEvent | PayoutEvent>(
    streams.ledger(affiliateId),
    initialLedger(),
    evolveLedger,
  );

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
    for (;;) {
      const affiliateId = order.attribution?.affiliateId;
      if (!affiliateId) return posted;
      const snapshot = order;
      posted.push(
        ...(await this.log.decide<
          AffiliateLedger,
          CommissionEvent | PayoutEvent,
          CommissionEvent[]
        >(
          streams.ledger(affiliateId),
          initialLedger,
          evolveLedger,
          (ledger) => {
            const events = postOrderToLedger(snapshot, ledger);
            return {
              events: events.map((event) => ({ event, cause: entryCause(event) })),
              result: events,
            };
          },
          { actor: 'system:ledger-posting', causationId },
          5,
        )),
      );
      const now = await loadOrder(this.log, orderId);
      if (now.revision === revision) return posted;
      ({ state: order, revision } = now);
    }
  }
}

export const entryCause = (event: CommissionEvent): string => {
  switch (event.type) {
    case 'CommissionEarned':
    case 'CommissionDue':
      return event.data.commissionId;
    case 'CommissionReversed':
      return event.data.reversalId;
    case 'CommissionRestored':
      return event.data.restorationId;
  }
};
