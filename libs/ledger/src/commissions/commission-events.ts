import type { CommissionLine } from '../orders/order-events';

/**
 * The affiliate's ledger: stream `ledger-{affiliateId}`. Every money movement of one affiliate is here,
 * so a payout request is decided on one stream with optimistic concurrency.
 */

export interface CommissionEarned {
  type: 'CommissionEarned';
  data: {
    /** `{orderId}`, or `{orderId}~{reattributionId}` when a re-attribution grants it. */
    commissionId: string;
    affiliateId: string;
    orderId: string;
    /** The winning click, or (when a promotion code won) the code. */
    clickId?: string;
    promoCode?: string;
    rulesVersion: number;
    lines: CommissionLine[];
    amountCents: number;
    currency: string;
    /** When the order was paid. */
    earnedAt: string;
    /** End of the refund hold: earnedAt + holdDays. */
    dueAt: string;
    reattributionId?: string;
  };
}

/** The hold is over: the commission can be paid out. */
export interface CommissionDue {
  type: 'CommissionDue';
  data: { commissionId: string; affiliateId: string; amountCents: number; occurredAt: string };
}

/** Money taken back. After the commission was paid out it is a clawback: the balance may go negative. */
export interface CommissionReversed {
  type: 'CommissionReversed';
  data: {
    /** Unique per cause: `refund:{refundId}`, `dispute:{disputeId}:{closedAt}`, `reattribution:{id}`. */
    reversalId: string;
    commissionId: string;
    affiliateId: string;
    orderId: string;
    amountCents: number;
    reason: 'refund' | 'dispute_lost' | 'reattribution';
    /** True when the commission was already in a payout: the amount is owed back from the next one. */
    clawback: boolean;
    /** The balance it reduces: `pending` before the commission is due, else `due` (which may go negative). */
    balance: 'pending' | 'due';
    occurredAt: string;
    reattributionId?: string;
  };
}

/** A won dispute gives back what the lost one took. */
export interface CommissionRestored {
  type: 'CommissionRestored';
  data: {
    restorationId: string;
    commissionId: string;
    affiliateId: string;
    orderId: string;
    amountCents: number;
    reason: 'dispute_won';
    /** The balance it adds back to, as for the reversal. */
    balance: 'pending' | 'due';
    occurredAt: string;
  };
}

export type CommissionEvent =
  CommissionEarned | CommissionDue | CommissionReversed | CommissionRestored;
