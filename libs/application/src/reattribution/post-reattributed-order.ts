import {
  evolveLedger,
  initialLedger,
  reattributionReversal,
  replacedCommissions,
  streams,
  type AffiliateLedger,
  type CommissionEvent,
  type OrderEvent,
  type PayoutEvent,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { entryCause } from '../orders/post-order';

/**
 * The safety net for an apply that stopped after recording `OrderReattributed` but before the old
 * affiliate's ledger took the commission back: for one order, takes back what is left of every commission
 * its re-attributions replaced (idempotent: one reversal per re-attribution and commission). The new
 * commission is the ledger-posting consumer's job already (`PostOrder` follows the attribution in force).
 * Meant for that consumer, on `OrderReattributed` events.
 */
export class PostReattributedOrder {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  async execute(orderId: string): Promise<CommissionEvent[]> {
    const events: OrderEvent[] = [];
    for await (const recorded of this.log.store.readStream(streams.order(orderId)))
      events.push({ type: recorded.type, data: recorded.data } as OrderEvent);
    const posted: CommissionEvent[] = [];
    const now = this.clock.now().toISOString();
    for (const { affiliateId, commissionId, reattributionId } of replacedCommissions(events)) {
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
            const reversals = reattributionReversal(ledger, {
              affiliateId,
              commissionId,
              reattributionId,
              now,
            });
            return {
              events: reversals.map((event) => ({ event, cause: entryCause(event) })),
              result: reversals,
            };
          },
          { actor: 'system:ledger-posting', correlationId: reattributionId },
          5,
        )),
      );
    }
    return posted;
  }
}
