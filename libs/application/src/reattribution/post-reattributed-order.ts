import {
  replacedCommissions,
  streams,
  type CommissionEvent,
  type OrderEvent,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';
import { ledgerHandler } from '../stream-handlers';

/** The ledger-posting consumer writes beside orders and payouts: a busy ledger may take a few tries. */
const onLedger = ledgerHandler(retryOnConflict(4));

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
      const { events: reversals } = await handleCommand(
        this.log,
        onLedger,
        streams.ledger(affiliateId),
        { type: 'ReverseReplacedCommission', affiliateId, commissionId, reattributionId, now },
        { actor: 'system:ledger-posting', correlationId: reattributionId },
      );
      posted.push(...(reversals as CommissionEvent[]));
    }
    return posted;
  }
}
