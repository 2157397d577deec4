import { assertNever, type LedgerEvent } from '../events';

/**
 * An affiliate's balances. Every ledger event moves money between them additively, so a projection can
 * apply an event without knowing anything else, and the audit can replay them to any instant.
 *
 * - earned: all commission ever earned.
 * - reversed: taken back by refunds, lost disputes and re-attribution, net of restorations.
 * - pending: earned, in the refund hold.
 * - due: out of the hold, not yet in a payout; negative when clawbacks exceed it.
 * - requested: in an open payout (requested or approved).
 * - paid: sent.
 */
export interface Balances {
  earnedCents: number;
  reversedCents: number;
  pendingCents: number;
  dueCents: number;
  requestedCents: number;
  paidCents: number;
}

export const ZERO_BALANCES: Balances = {
  earnedCents: 0,
  reversedCents: 0,
  pendingCents: 0,
  dueCents: 0,
  requestedCents: 0,
  paidCents: 0,
};

/** How one event moves an affiliate's balances; empty for events that move no money. */
export const balanceMovement = (event: LedgerEvent): Partial<Balances> => {
  switch (event.type) {
    case 'CommissionEarned':
      return { earnedCents: event.data.amountCents, pendingCents: event.data.amountCents };
    case 'CommissionDue':
      return { pendingCents: -event.data.amountCents, dueCents: event.data.amountCents };
    case 'CommissionReversed':
      return {
        reversedCents: event.data.amountCents,
        [`${event.data.balance}Cents`]: -event.data.amountCents,
      };
    case 'CommissionRestored':
      return {
        reversedCents: -event.data.amountCents,
        [`${event.data.balance}Cents`]: event.data.amountCents,
      };
    case 'PayoutRequested':
      return { dueCents: -event.data.amountCents, requestedCents: event.data.amountCents };
    case 'PayoutSent':
      return { requestedCents: -event.data.amountCents, paidCents: event.data.amountCents };
    case 'PayoutFailed':
    case 'PayoutRejected':
    case 'PayoutCancelled':
      return { requestedCents: -event.data.amountCents, dueCents: event.data.amountCents };
    case 'PayoutApproved':
    case 'PayoutAttentionRaised':
    case 'PayoutAttentionCleared':
    case 'ProgramRulesChanged':
    case 'ProductListed':
    case 'AffiliateRegistered':
    case 'AffiliateUpdated':
    case 'PayoutAccountSet':
    case 'RefCodeClaimed':
    case 'ApiKeyIssued':
    case 'ApiKeyRevoked':
    case 'PromoCodesSet':
    case 'PromoCodeClaimed':
    case 'PromoCodeReleased':
    case 'SubscriptionBound':
    case 'SubscriptionInvoicePaid':
    case 'SubscriptionReattributed':
    case 'AffiliateInviteIssued':
    case 'AffiliatePasswordSet':
    case 'ClickRecorded':
    case 'OrderPaid':
    case 'OrderRefunded':
    case 'OrderDisputeClosed':
    case 'OrderReattributed':
    case 'OrderAttributed':
    case 'ReattributionApplied':
      return {};
    default:
      return assertNever(event);
  }
};

export const applyMovement = (balances: Balances, event: LedgerEvent): Balances => {
  const movement = balanceMovement(event);
  const next = { ...balances };
  for (const [key, cents] of Object.entries(movement) as [keyof Balances, number][])
    next[key] += cents;
  return next;
};
