import type { CommissionStatus, PayoutStatus } from './keys';

/** What the commission and payout lists show, read from the projections' documents. */

export interface CommissionView {
  commissionId: string;
  orderId: string;
  /** Net: earned less reversals, plus restorations. */
  amountCents: number;
  currency: string;
  status: CommissionStatus;
  earnedAt: string;
  dueAt: string;
  payoutId?: string;
  paidAt?: string;
  /** Why and how much was taken back: `refund`, `dispute_lost`, `reattribution`. */
  reversals?: { reason: string; amountCents: number }[];
}

export interface PayoutView {
  payoutId: string;
  affiliateId: string;
  amountCents: number;
  currency: string;
  status: PayoutStatus;
  method: 'paypal' | 'stripe_connect';
  requestedAt: string;
  approvedAt?: string;
  sentAt?: string;
  providerRef?: string;
  failedAt?: string;
  rejectedAt?: string;
  /** The provider's reason for a failure, or the admin's for a rejection. */
  failureReason?: string;
}

const optional = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value;

export const toCommissionView = (commission: Record<string, string>): CommissionView => {
  const view: CommissionView = {
    commissionId: commission.commissionId,
    orderId: commission.orderId,
    amountCents: Number(commission.earnedCents ?? 0) - Number(commission.reversedCents ?? 0),
    currency: commission.currency,
    status: commission.status as CommissionStatus,
    earnedAt: commission.earnedAt,
    dueAt: commission.dueAt,
  };
  if (optional(commission.payoutId)) view.payoutId = commission.payoutId;
  if (optional(commission.paidAt)) view.paidAt = commission.paidAt;
  if (optional(commission.reversals)) view.reversals = JSON.parse(commission.reversals);
  return view;
};

export const toPayoutView = (payout: Record<string, string>): PayoutView => {
  const view: PayoutView = {
    payoutId: payout.payoutId,
    affiliateId: payout.affiliateId,
    amountCents: Number(payout.amountCents),
    currency: payout.currency,
    status: payout.status as PayoutStatus,
    method: payout.method as PayoutView['method'],
    requestedAt: payout.requestedAt,
  };
  for (const field of [
    'approvedAt',
    'sentAt',
    'providerRef',
    'failedAt',
    'rejectedAt',
    'failureReason',
  ] as const)
    if (optional(payout[field])) view[field] = payout[field];
  return view;
};

/**
 * An open payout the saga leaves to an operator (`GET /v1/admin/payouts/attention`), read from the payouts
 * projection, so every process answers what the saga recorded in the log. `lastError` is the message, as
 * the saga's own list had it; `nextAttemptAt` is the last attempt's time when only an admin can move it on
 * (nothing more is scheduled), as in the saga's own list.
 */
export interface PayoutAttentionView {
  payoutId: string;
  affiliateId: string;
  amountCents: number;
  currency: string;
  status: PayoutStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
  code: string;
  message: string;
  since: string;
  /** Extension: the provider's last answer (or the ledger's, for `affiliate_suspended`), and when it came. */
  providerAnswer: { code: string; message: string; at: string };
}

export const toPayoutAttentionView = (payout: Record<string, string>): PayoutAttentionView => ({
  payoutId: payout.payoutId,
  affiliateId: payout.affiliateId,
  amountCents: Number(payout.amountCents),
  currency: payout.currency,
  status: payout.status as PayoutStatus,
  attempts: Number(payout.attentionAttempt ?? 0),
  nextAttemptAt: optional(payout.attentionNextAttemptAt) ?? payout.attentionAt,
  lastError: payout.attentionMessage,
  code: payout.attentionCode,
  message: payout.attentionMessage,
  since: payout.attentionSince,
  providerAnswer: {
    code: payout.attentionCode,
    message: payout.attentionMessage,
    at: payout.attentionAt,
  },
});
