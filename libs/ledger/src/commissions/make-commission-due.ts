import type { AffiliateLedger } from './affiliate-ledger';
import { netOf } from './affiliate-ledger';
import type { CommissionDue } from './commission-events';

/**
 * The refund hold is over for every pending commission whose `dueAt` has passed by `now`.
 * A commission becomes due once: the ledger knows which already are.
 */
export const commissionsDueBy = (
  ledger: AffiliateLedger,
  affiliateId: string,
  now: string,
): CommissionDue[] => {
  const at = Date.parse(now);
  const due: CommissionDue[] = [];
  for (const entry of ledger.commissions.values()) {
    if (entry.status !== 'pending' || Date.parse(entry.dueAt) > at) continue;
    due.push({
      type: 'CommissionDue',
      data: {
        commissionId: entry.commissionId,
        affiliateId,
        amountCents: netOf(entry),
        occurredAt: now,
      },
    });
  }
  return due;
};
