import { netOf, type AffiliateLedger } from '../commissions/affiliate-ledger';
import type { CommissionEvent, CommissionReversed } from '../commissions/commission-events';
import { postOrderToLedger } from '../commissions/post-order-to-ledger';
import type { OrderState } from '../orders/order-state';

/** The id of the entry that takes back a commission a re-attribution replaced. */
const reattributionReversalId = (reattributionId: string, commissionId: string): string =>
  `reattribution:${reattributionId}|${commissionId}`;

/**
 * Takes back what is left of a commission a re-attribution replaced: its net (earned less what refunds and
 * disputes already took), once. Like a refund, it reduces the pending balance during the hold and the due
 * balance after it; when the commission is already in a payout (open or sent) it is a clawback, netted by the
 * next payout. Nothing when the commission never reached this ledger or nothing is left of it.
 */
export const reattributionReversal = (
  ledger: AffiliateLedger,
  command: { affiliateId: string; commissionId: string; reattributionId: string; now: string },
): CommissionReversed[] => {
  const { affiliateId, commissionId, reattributionId, now } = command;
  const entry = ledger.commissions.get(commissionId);
  const reversalId = reattributionReversalId(reattributionId, commissionId);
  if (!entry || ledger.entryIds.has(reversalId)) return [];
  const cents = netOf(entry);
  if (cents <= 0) return [];
  return [
    {
      type: 'CommissionReversed',
      data: {
        reversalId,
        commissionId,
        affiliateId,
        orderId: entry.orderId,
        amountCents: cents,
        reason: 'reattribution',
        clawback: entry.payoutId !== null,
        balance: entry.status,
        occurredAt: now,
        reattributionId,
      },
    },
  ];
};

/** What one affiliate's ledger needs from a re-attribution: commissions to take back, orders to earn. */
export interface LedgerReattribution {
  affiliateId: string;
  reattributionId: string;
  /** Commissions of this affiliate the re-attribution replaced. */
  replaced: readonly string[];
  /** Orders that now earn this affiliate a commission `{orderId}~{reattributionId}`. */
  earning: readonly OrderState[];
  now: string;
}

/**
 * Every entry the re-attribution calls for on one ledger: the reversals, then each new commission with the
 * order's refunds and disputes applied to it again (`postOrderToLedger`). Entries touch distinct
 * commissions, so they are decided against the same ledger; ids come from their cause, so running this
 * again after a crash posts only what is missing.
 */
export const postReattributionToLedger = (
  ledger: AffiliateLedger,
  work: LedgerReattribution,
): CommissionEvent[] => {
  const events: CommissionEvent[] = [];
  for (const commissionId of work.replaced) {
    events.push(
      ...reattributionReversal(ledger, {
        affiliateId: work.affiliateId,
        commissionId,
        reattributionId: work.reattributionId,
        now: work.now,
      }),
    );
  }
  for (const order of work.earning) events.push(...postOrderToLedger(order, ledger));
  return events;
};
