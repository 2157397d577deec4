import type { AffiliateStatus } from '../affiliates/affiliate';
import type { AffiliateLedger, PayoutEntry } from '../commissions/affiliate-ledger';
import { refuse } from '../refusal';
import type {
  PayoutAttentionCleared,
  PayoutAttentionRaised,
  PayoutApproved,
  PayoutCancelled,
  PayoutFailed,
  PayoutRejected,
  PayoutSent,
} from './payout-events';

const payoutIn = (ledger: AffiliateLedger, payoutId: string): PayoutEntry =>
  ledger.payouts.get(payoutId) ?? refuse('payout_not_found', `no payout ${payoutId}`, 'not_found');

/**
 * An admin (or the auto-approve limit) lets a requested payout go out. Approving twice is refused. A suspended
 * affiliate's payout is never approved automatically: it waits for an admin, who decides knowing why.
 */
export const approvePayout = (
  ledger: AffiliateLedger,
  affiliateId: string,
  command: {
    payoutId: string;
    approvedBy: 'auto' | 'admin';
    now: string;
    affiliateStatus?: AffiliateStatus;
  },
): PayoutApproved => {
  const payout = payoutIn(ledger, command.payoutId);
  if (payout.status !== 'requested')
    return refuse(
      'payout_not_requested',
      `payout ${payout.payoutId} is ${payout.status}`,
      'conflict',
    );
  if (command.approvedBy === 'auto' && command.affiliateStatus === 'suspended') {
    return refuse(
      'affiliate_suspended',
      `payout ${payout.payoutId}: the affiliate is suspended; only an admin can approve it`,
      'forbidden',
    );
  }
  return {
    type: 'PayoutApproved',
    data: {
      payoutId: payout.payoutId,
      affiliateId,
      amountCents: payout.amountCents,
      approvedBy: command.approvedBy,
      occurredAt: command.now,
    },
  };
};

/** Only a payout still waiting for approval can be rejected; its amount returns to the due balance. */
export const rejectPayout = (
  ledger: AffiliateLedger,
  affiliateId: string,
  command: { payoutId: string; reason: string; now: string },
): PayoutRejected => {
  const payout = payoutIn(ledger, command.payoutId);
  if (payout.status !== 'requested')
    return refuse(
      'payout_not_requested',
      `payout ${payout.payoutId} is ${payout.status}`,
      'conflict',
    );
  return {
    type: 'PayoutRejected',
    data: {
      payoutId: payout.payoutId,
      affiliateId,
      amountCents: payout.amountCents,
      reason: command.reason,
      occurredAt: command.now,
    },
  };
};

/** The provider's answer for an approved payout; null when it is already recorded (a retry or a restart). */
export const recordPayoutOutcome = (
  ledger: AffiliateLedger,
  affiliateId: string,
  outcome: { payoutId: string; now: string } & (
    { sent: true; providerRef: string } | { sent: false; reason: string }
  ),
): PayoutSent | PayoutFailed | null => {
  const payout = payoutIn(ledger, outcome.payoutId);
  if (payout.status !== 'approved') return null;
  const base = {
    payoutId: payout.payoutId,
    affiliateId,
    amountCents: payout.amountCents,
    occurredAt: outcome.now,
  };
  return outcome.sent
    ? { type: 'PayoutSent', data: { ...base, providerRef: outcome.providerRef } }
    : { type: 'PayoutFailed', data: { ...base, reason: outcome.reason } };
};

/**
 * An admin ends an open payout (requested or approved) that the saga cannot settle, having checked with the
 * provider that it paid nothing (`providerChecked` must be literally true). The amount returns to due.
 */
export const cancelPayout = (
  ledger: AffiliateLedger,
  affiliateId: string,
  command: {
    payoutId: string;
    reason: string;
    providerChecked: true;
    cancelledBy: string;
    now: string;
  },
): PayoutCancelled => {
  if (command.providerChecked !== true)
    return refuse('provider_not_checked', 'check with the provider that nothing was paid first');
  const payout = payoutIn(ledger, command.payoutId);
  if (payout.status !== 'requested' && payout.status !== 'approved') {
    return refuse(
      'payout_not_open',
      `payout ${payout.payoutId} is ${payout.status}; only an open payout can be cancelled`,
    );
  }
  return {
    type: 'PayoutCancelled',
    data: {
      payoutId: payout.payoutId,
      affiliateId,
      amountCents: payout.amountCents,
      reason: command.reason,
      cancelledBy: command.cancelledBy,
      occurredAt: command.now,
    },
  };
};

/**
 * Why the saga leaves an open payout to an operator. Nothing is recorded for a payout no longer open (the
 * saga was late), nor for the same code and message again (a retry that got the same answer is no news).
 */
export const raisePayoutAttention = (
  ledger: AffiliateLedger,
  affiliateId: string,
  command: {
    payoutId: string;
    code: string;
    message: string;
    attempt: number;
    nextAttemptAt: string | null;
    now: string;
  },
): PayoutAttentionRaised | null => {
  const payout = payoutIn(ledger, command.payoutId);
  if (payout.status !== 'requested' && payout.status !== 'approved') return null;
  const current = payout.attention;
  if (current && current.code === command.code && current.message === command.message) return null;
  return {
    type: 'PayoutAttentionRaised',
    data: {
      payoutId: payout.payoutId,
      affiliateId,
      answer: payout.attentionRaised + 1,
      code: command.code,
      message: command.message,
      since: current?.since ?? command.now,
      attempt: command.attempt,
      nextAttemptAt: command.nextAttemptAt,
      occurredAt: command.now,
    },
  };
};

/** A later attempt went through; null when nothing waits (cleared already, or closed meanwhile). */
export const clearPayoutAttention = (
  ledger: AffiliateLedger,
  affiliateId: string,
  command: { payoutId: string; now: string },
): PayoutAttentionCleared | null => {
  const attention = payoutIn(ledger, command.payoutId).attention;
  if (!attention) return null;
  return {
    type: 'PayoutAttentionCleared',
    data: {
      payoutId: command.payoutId,
      affiliateId,
      answer: attention.answer,
      occurredAt: command.now,
    },
  };
};
