import type { PayoutAccount } from '../affiliates/affiliate';

/** Stream `ledger-{affiliateId}`, beside the commissions it pays. */
export interface PayoutRequested {
  type: 'PayoutRequested';
  data: {
    payoutId: string;
    affiliateId: string;
    amountCents: number;
    currency: string;
    account: PayoutAccount;
    /** The due commissions it pays… */
    commissionIds: string[];
    /** …net of the clawbacks it settles. */
    clawbackIds: string[];
    requestedAt: string;
  };
}

export interface PayoutApproved {
  type: 'PayoutApproved';
  data: {
    payoutId: string;
    affiliateId: string;
    amountCents: number;
    approvedBy: 'auto' | 'admin';
    occurredAt: string;
  };
}

export interface PayoutRejected {
  type: 'PayoutRejected';
  data: {
    payoutId: string;
    affiliateId: string;
    amountCents: number;
    reason: string;
    occurredAt: string;
  };
}

export interface PayoutSent {
  type: 'PayoutSent';
  data: {
    payoutId: string;
    affiliateId: string;
    amountCents: number;
    providerRef: string;
    occurredAt: string;
  };
}

/** The provider refused for good; the amount returns to the due balance. */
export interface PayoutFailed {
  type: 'PayoutFailed';
  data: {
    payoutId: string;
    affiliateId: string;
    amountCents: number;
    reason: string;
    occurredAt: string;
  };
}

/**
 * An admin closes an open payout the saga could not settle (it needs attention, or its method has no
 * provider), after checking with the provider that nothing was paid; the amount returns to the due balance
 * as after a failure. `cancelledBy` is the actor, kept in the data so a replay of the ledger alone shows who.
 */
export interface PayoutCancelled {
  type: 'PayoutCancelled';
  data: {
    payoutId: string;
    affiliateId: string;
    amountCents: number;
    reason: string;
    cancelledBy: string;
    occurredAt: string;
  };
}

/**
 * The payout saga cannot settle an open payout without an operator: the provider's answer leaves the outcome
 * unknown or contradicts the ledger (`provider_auth`, `unexpected_error`, …), or only an admin may decide
 * (`affiliate_suspended`). Recorded when the answer changes, not at every retry with the same answer.
 * `answer` numbers the raises of this payout (1, 2, …); `since` is when it began waiting, kept across raises.
 */
export interface PayoutAttentionRaised {
  type: 'PayoutAttentionRaised';
  data: {
    payoutId: string;
    affiliateId: string;
    answer: number;
    code: string;
    message: string;
    since: string;
    /** The saga's attempt that got this answer, and when it tries again (null: it waits for an admin). */
    attempt: number;
    nextAttemptAt: string | null;
    occurredAt: string;
  };
}

/** A later attempt went through (the provider accepted it, or an admin approved it): nothing waits now. */
export interface PayoutAttentionCleared {
  type: 'PayoutAttentionCleared';
  data: {
    payoutId: string;
    affiliateId: string;
    /** The raise it clears. */
    answer: number;
    occurredAt: string;
  };
}

export type PayoutEvent =
  PayoutRequested | PayoutApproved | PayoutRejected | PayoutSent | PayoutFailed | PayoutCancelled;

/** On the ledger stream beside the payout, moving no money. */
export type PayoutAttentionEvent = PayoutAttentionRaised | PayoutAttentionCleared;
