import type { AffiliateLedger, PayoutEntry } from '../commissions/affiliate-ledger';
import { refuse } from '../refusal';
import type { PayoutApproved, PayoutFailed, PayoutRejected, PayoutSent } from './payout-events';

const payoutIn = (ledger: AffiliateLedger, payoutId: string): PayoutEntry =>
  ledger.payouts.get(payoutId) ?? refuse('payout_not_found', `no payout ${payoutId}`, 'not_found');

/** An admin (or the auto-approve limit) lets a requested payout go out. Approving twice is refused. */
export const approvePayout = (
  ledger: AffiliateLedger,
  affiliateId: string,
  command: { payoutId: string; approvedBy: 'auto' | 'admin'; now: string },
): PayoutApproved => {
  const payout = payoutIn(ledger, command.payoutId);
  if (payout.status !== 'requested') return refuse('payout_not_requested', `payout ${payout.payoutId} is ${payout.status}`, 'conflict');
  return {
    type: 'PayoutApproved',
    data: { payoutId: payout.payoutId, affiliateId, amountCents: payout.amountCents, approvedBy: command.approvedBy, occurredAt: command.now },
  };
};

/** Only a payout still waiting for approval can be rejected; its amount returns to the due balance. */
export const rejectPayout = (
  ledger: AffiliateLedger,
  affiliateId: string,
  command: { payoutId: string; reason: string; now: string },
): PayoutRejected => {
  const payout = payoutIn(ledger, command.payoutId);
  if (payout.status !== 'requested') return refuse('payout_not_requested', `payout ${payout.payoutId} is ${payout.status}`, 'conflict');
  return {
    type: 'PayoutRejected',
    data: { payoutId: payout.payoutId, affiliateId, amountCents: payout.amountCents, reason: command.reason, occurredAt: command.now },
  };
};

/** The provider's answer for an approved payout; null when it is already recorded (a retry or a restart). */
export const recordPayoutOutcome = (
  ledger: AffiliateLedger,
  affiliateId: string,
  outcome: { payoutId: string; now: string } & ({ sent: true; providerRef: string } | { sent: false; reason: string }),
): PayoutSent | PayoutFailed | null => {
  const payout = payoutIn(ledger, outcome.payoutId);
  if (payout.status !== 'approved') return null;
  const base = { payoutId: payout.payoutId, affiliateId, amountCents: payout.amountCents, occurredAt: outcome.now };
  return outcome.sent
    ? { type: 'PayoutSent', data: { ...base, providerRef: outcome.providerRef } }
    : { type: 'PayoutFailed', data: { ...base, reason: outcome.reason } };
};
