import {
  affiliateDecider,
  affiliateLedgerDecider,
  type AffiliateCommand,
  type AffiliateEvent,
  type AffiliateState,
  assertNever,
  orderDecider,
  type AffiliateLedger,
  type AffiliateLedgerCommand,
  type AffiliateLedgerEvent,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
  orderReattributionDecider,
  subscriptionDecider,
  type OrderUnderReattribution,
  promoCodeDecider,
  type PromoCodeCommand,
  type PromoCodeEvent,
  type PromoCodeHolding,
  refCodeDecider,
  type ClaimRefCode,
  type RefCodeClaimed,
  type RefCodeHolder,
  type ReattributeOrder,
  type SubscriptionCommand,
  type SubscriptionEvent,
  type SubscriptionState,
} from '@threadtrak/ledger';
import type { CommandHandler, RetryPolicy } from './handle-command';

/** What each entry of an affiliate's ledger is caused by: its event id derives from it. */
const ledgerEntryCause = (event: AffiliateLedgerEvent): string => {
  switch (event.type) {
    case 'CommissionEarned':
      return event.data.commissionId;
    case 'CommissionDue':
      return `due:${event.data.commissionId}`;
    case 'CommissionReversed':
      return event.data.reversalId;
    case 'CommissionRestored':
      return event.data.restorationId;
    case 'PayoutRequested':
      return event.data.payoutId;
    case 'PayoutApproved':
      return `${event.data.payoutId}:approved`;
    case 'PayoutRejected':
      return `${event.data.payoutId}:rejected`;
    case 'PayoutCancelled':
      return `${event.data.payoutId}:cancelled`;
    case 'PayoutSent':
    case 'PayoutFailed':
      return `${event.data.payoutId}:outcome`;
    case 'PayoutAttentionRaised':
      return `${event.data.payoutId}:attention:${event.data.answer}`;
    case 'PayoutAttentionCleared':
      return `${event.data.payoutId}:attention:${event.data.answer}:cleared`;
    default:
      return assertNever(event);
  }
};

/** What each event of an order's stream is caused by. */
const orderEventCause = (event: OrderEvent): string => {
  switch (event.type) {
    case 'OrderPaid':
      return `order:${event.data.orderId}`;
    case 'OrderRefunded':
      return `refund:${event.data.orderId}:${event.data.refundId}`;
    case 'OrderDisputeClosed':
      return `dispute:${event.data.disputeId}:${event.data.status}:${event.data.closedAt}`;
    case 'OrderAttributed':
      return `attributed:${event.data.orderId}`;
    case 'OrderReattributed':
      return `reattribution:${event.data.reattributionId}|${event.data.orderId}`;
    default:
      return assertNever(event);
  }
};

/** The affiliate's ledger stream, with the conflict-retry policy its caller declares. */
export const ledgerHandler = (
  retry: RetryPolicy,
  chunk?: number,
): CommandHandler<AffiliateLedger, AffiliateLedgerCommand, AffiliateLedgerEvent> => ({
  decider: affiliateLedgerDecider,
  cause: ledgerEntryCause,
  retry,
  ...(chunk ? { chunk } : {}),
});

export const orderHandler = (
  retry: RetryPolicy,
): CommandHandler<OrderState, OrderCommand, OrderEvent> => ({
  decider: orderDecider,
  cause: orderEventCause,
  retry,
});

/** The order stream as one re-attribution sees it (see orderReattributionDecider). */
export const orderReattributionHandler = (
  reattributionId: string,
  retry: RetryPolicy,
): CommandHandler<OrderUnderReattribution, ReattributeOrder, OrderEvent> => ({
  decider: orderReattributionDecider(reattributionId),
  cause: orderEventCause,
  retry,
});

const subscriptionEventCause = (event: SubscriptionEvent): string => {
  switch (event.type) {
    case 'SubscriptionBound':
      return `binding:${event.data.subscriptionId}`;
    case 'SubscriptionInvoicePaid':
      return `invoice:${event.data.invoiceId}`;
    case 'SubscriptionReattributed':
      return `rebinding:${event.data.subscriptionId}:${event.data.reattributionId}`;
    default:
      return assertNever(event);
  }
};

export const subscriptionHandler = (
  retry: RetryPolicy,
): CommandHandler<SubscriptionState, SubscriptionCommand, SubscriptionEvent> => ({
  decider: subscriptionDecider,
  cause: subscriptionEventCause,
  retry,
});

/** What each change of an affiliate is caused by. */
const affiliateEventCause = (event: AffiliateEvent): string => {
  switch (event.type) {
    case 'AffiliateRegistered':
      return `affiliate:${event.data.affiliateId}`;
    case 'ApiKeyIssued':
    case 'ApiKeyRevoked':
      return `${event.type}:${event.data.affiliateId}:${event.data.keyId}`;
    case 'PromoCodesSet':
      return `promo-codes:${event.data.affiliateId}:${event.data.occurredAt}:${event.data.promoCodes.join(',')}`;
    case 'AffiliateUpdated':
    case 'PayoutAccountSet':
    case 'RefCodeClaimed':
      return `${event.type}:${event.data.affiliateId}:${event.data.occurredAt}:${JSON.stringify(event.data)}`;
    default:
      return assertNever(event);
  }
};

export const affiliateHandler = (
  retry: RetryPolicy,
): CommandHandler<AffiliateState | null, AffiliateCommand, AffiliateEvent> => ({
  decider: affiliateDecider,
  cause: affiliateEventCause,
  retry,
});

/** A ref code's stream: one claim per affiliate that ever held it. */
export const refCodeHandler = (
  retry: RetryPolicy,
): CommandHandler<RefCodeHolder, ClaimRefCode, RefCodeClaimed> => ({
  decider: refCodeDecider,
  cause: (event) => `refcode:${event.data.refCode}:${event.data.affiliateId}`,
  retry,
});

/** A promotion code's stream: claims and releases, each at its instant. */
export const promoCodeHandler = (
  retry: RetryPolicy,
): CommandHandler<PromoCodeHolding, PromoCodeCommand, PromoCodeEvent> => ({
  decider: promoCodeDecider,
  cause: (event) =>
    `${event.type === 'PromoCodeClaimed' ? 'promo-claim' : 'promo-release'}:` +
    `${event.data.promoCode}:${event.data.affiliateId}:${event.data.occurredAt}`,
  retry,
});
