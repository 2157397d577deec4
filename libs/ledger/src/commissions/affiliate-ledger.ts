import { assertNever } from '../events';
import type { PayoutAccount } from '../affiliates/affiliate';
import { applyMovement, ZERO_BALANCES, type Balances } from './balances';
import type { CommissionEarned, CommissionEvent } from './commission-events';
import type { PayoutAttentionEvent, PayoutEvent } from '../payouts/payout-events';

/** One commission as the ledger sees it. */
export interface CommissionEntry {
  commissionId: string;
  orderId: string;
  earnedCents: number;
  /** Net of restorations. */
  reversedCents: number;
  status: 'pending' | 'due';
  dueAt: string;
  /** The payout that carries it (open or sent); cleared when that payout fails or is rejected. */
  payoutId: string | null;
  lines: CommissionEarned['data']['lines'];
  /** Net amount each cause took back (`refund:…`, `dispute:…`, `reattribution:…`). */
  reversedByCause: Map<string, number>;
}

export interface PayoutEntry {
  payoutId: string;
  amountCents: number;
  status: 'requested' | 'approved' | 'sent' | 'failed' | 'rejected' | 'cancelled';
  account: PayoutAccount;
  commissionIds: string[];
  clawbackIds: string[];
  requestedAt: string;
  providerRef?: string;
  /** Why the saga waits for an operator (the last raise, while not cleared or closed). */
  attention?: PayoutAttentionEntry;
  /** How many times attention was raised for it: the next raise is numbered one more. */
  attentionRaised: number;
}

export interface PayoutAttentionEntry {
  answer: number;
  code: string;
  message: string;
  since: string;
  at: string;
  attempt: number;
  nextAttemptAt: string | null;
}

export interface Adjustment {
  commissionId: string;
  /** Signed: a clawback is negative. */
  cents: number;
}

/** The affiliate's money, from stream `ledger-{affiliateId}`. */
export interface AffiliateLedger {
  commissions: Map<string, CommissionEntry>;
  /** Ids of every reversal and restoration entry, so none is posted twice. */
  entryIds: Set<string>;
  /**
   * Movements of the due balance that no payout has settled yet, by entry id: clawbacks (negative) and
   * restorations (positive) of commissions that were already in a payout.
   */
  adjustments: Map<string, Adjustment>;
  /** Adjustments a payout took in, by entry id, kept to hand them back if that payout fails. */
  settled: Map<string, Adjustment>;
  payouts: Map<string, PayoutEntry>;
  openPayoutId: string | null;
  balances: Balances;
}

export const initialLedger = (): AffiliateLedger => ({
  commissions: new Map(),
  entryIds: new Set(),
  adjustments: new Map(),
  settled: new Map(),
  payouts: new Map(),
  openPayoutId: null,
  balances: ZERO_BALANCES,
});

/** Mutates and returns the state: ledgers can be long, and copying maps on every event would be quadratic. */
export const evolveLedger = (
  state: AffiliateLedger,
  event: CommissionEvent | PayoutEvent | PayoutAttentionEvent,
): AffiliateLedger => {
  state.balances = applyMovement(state.balances, event);
  switch (event.type) {
    case 'CommissionEarned': {
      const { commissionId, orderId, amountCents, dueAt, lines } = event.data;
      state.commissions.set(commissionId, {
        commissionId,
        orderId,
        earnedCents: amountCents,
        reversedCents: 0,
        status: 'pending',
        dueAt,
        payoutId: null,
        lines,
        reversedByCause: new Map(),
      });
      return state;
    }
    case 'CommissionDue': {
      const entry = state.commissions.get(event.data.commissionId);
      if (entry) entry.status = 'due';
      return state;
    }
    case 'CommissionReversed':
    case 'CommissionRestored': {
      const reversal = event.type === 'CommissionReversed';
      const entryId = reversal ? event.data.reversalId : event.data.restorationId;
      const signed = reversal ? event.data.amountCents : -event.data.amountCents;
      state.entryIds.add(entryId);
      const entry = state.commissions.get(event.data.commissionId);
      if (entry) {
        entry.reversedCents += signed;
        const cause = causeOf(entryId);
        entry.reversedByCause.set(cause, (entry.reversedByCause.get(cause) ?? 0) + signed);
        if (entry.payoutId !== null)
          state.adjustments.set(entryId, { commissionId: entry.commissionId, cents: -signed });
      }
      return state;
    }
    case 'PayoutRequested': {
      const { payoutId, amountCents, account, commissionIds, clawbackIds, requestedAt } =
        event.data;
      state.payouts.set(payoutId, {
        payoutId,
        amountCents,
        status: 'requested',
        account,
        commissionIds,
        clawbackIds,
        requestedAt,
        attentionRaised: 0,
      });
      state.openPayoutId = payoutId;
      for (const id of commissionIds) {
        const entry = state.commissions.get(id);
        if (entry) entry.payoutId = payoutId;
      }
      for (const id of clawbackIds) {
        const adjustment = state.adjustments.get(id);
        if (adjustment) state.settled.set(id, adjustment);
        state.adjustments.delete(id);
      }
      return state;
    }
    case 'PayoutApproved': {
      // An admin's approval answers the one question an unapproved payout can wait on.
      clearAttention(state, event.data.payoutId);
      return setPayoutStatus(state, event.data.payoutId, 'approved');
    }
    case 'PayoutAttentionRaised': {
      const payout = state.payouts.get(event.data.payoutId);
      if (payout) {
        const { answer, code, message, since, attempt, nextAttemptAt, occurredAt } = event.data;
        payout.attention = { answer, code, message, since, at: occurredAt, attempt, nextAttemptAt };
        payout.attentionRaised = Math.max(payout.attentionRaised, answer);
      }
      return state;
    }
    case 'PayoutAttentionCleared':
      clearAttention(state, event.data.payoutId);
      return state;
    case 'PayoutSent': {
      const payout = state.payouts.get(event.data.payoutId);
      if (payout) payout.providerRef = event.data.providerRef;
      return closePayout(setPayoutStatus(state, event.data.payoutId, 'sent'), event.data.payoutId);
    }
    case 'PayoutFailed':
    case 'PayoutRejected':
    case 'PayoutCancelled': {
      const status = CLOSED_STATUS[event.type];
      const payout = state.payouts.get(event.data.payoutId);
      if (payout) {
        const returned = new Set(payout.commissionIds);
        for (const id of returned) {
          const entry = state.commissions.get(id);
          if (entry && entry.payoutId === payout.payoutId) entry.payoutId = null;
        }
        // Back in the due balance, a returned commission's own net already counts what was taken back since.
        for (const [id, adjustment] of state.adjustments)
          if (returned.has(adjustment.commissionId)) state.adjustments.delete(id);
        // The clawbacks it would have settled are owed again.
        for (const id of payout.clawbackIds) {
          const adjustment = state.settled.get(id);
          if (adjustment) state.adjustments.set(id, adjustment);
        }
      }
      return closePayout(setPayoutStatus(state, event.data.payoutId, status), event.data.payoutId);
    }
    default:
      return assertNever(event);
  }
};

/** A payout that ends without paying hands its commissions and clawbacks back to the due balance. */
const CLOSED_STATUS = {
  PayoutFailed: 'failed',
  PayoutRejected: 'rejected',
  PayoutCancelled: 'cancelled',
} as const;

/**
 * Entry ids are `{cause}|{detail…}`: `refund:r1|{commissionId}`, `dispute:d1|lost|{closedAt}|{commissionId}`.
 * The cause is what a won dispute must give back.
 */
export const causeOf = (entryId: string): string => entryId.split('|', 1)[0] ?? entryId;

const setPayoutStatus = (
  state: AffiliateLedger,
  payoutId: string,
  status: PayoutEntry['status'],
): AffiliateLedger => {
  const payout = state.payouts.get(payoutId);
  if (payout) payout.status = status;
  return state;
};

const closePayout = (state: AffiliateLedger, payoutId: string): AffiliateLedger => {
  if (state.openPayoutId === payoutId) state.openPayoutId = null;
  clearAttention(state, payoutId);
  return state;
};

const clearAttention = (state: AffiliateLedger, payoutId: string): void => {
  const payout = state.payouts.get(payoutId);
  if (payout) delete payout.attention;
};

/** Net amount of a commission still owed: what it earned less what was taken back. */
export const netOf = (entry: CommissionEntry): number => entry.earnedCents - entry.reversedCents;
