import type { AccessEvent } from './affiliates/access';
import type { AffiliateEvent } from './affiliates/affiliate';
import type { ProductEvent } from './catalog/product';
import type { PromoCodeEvent } from './affiliates/promo-codes';
import type { SubscriptionEvent } from './subscriptions/subscription';
import type { ClickEvent } from './clicks/click-recorded';
import type { CommissionEvent } from './commissions/commission-events';
import type { OrderEvent } from './orders/order-events';
import type { PayoutAttentionEvent, PayoutEvent } from './payouts/payout-events';
import type { ProgramEvent } from './program/program-rules';
import type { ReattributionEvent } from './reattribution/reattribution-events';

/** Every fact the ledger records. The `type` string is the stored name: the contract. */
export type LedgerEvent =
  | ProgramEvent
  | ProductEvent
  | AffiliateEvent
  | PromoCodeEvent
  | AccessEvent
  | ClickEvent
  | OrderEvent
  | SubscriptionEvent
  | CommissionEvent
  | PayoutEvent
  | PayoutAttentionEvent
  | ReattributionEvent;

export type LedgerEventType = LedgerEvent['type'];

export type EventOf<T extends LedgerEventType> = Extract<LedgerEvent, { type: T }>;

const LEDGER_EVENT_TYPES = [
  'ProgramRulesChanged',
  'ProductListed',
  'AffiliateRegistered',
  'AffiliateUpdated',
  'PayoutAccountSet',
  'RefCodeClaimed',
  'ApiKeyIssued',
  'ApiKeyRevoked',
  'PromoCodesSet',
  'PromoCodeClaimed',
  'PromoCodeReleased',
  'AffiliateInviteIssued',
  'AffiliatePasswordSet',
  'ClickRecorded',
  'OrderPaid',
  'OrderRefunded',
  'OrderDisputeClosed',
  'OrderReattributed',
  'OrderAttributed',
  'SubscriptionBound',
  'SubscriptionInvoicePaid',
  'SubscriptionReattributed',
  'CommissionEarned',
  'CommissionDue',
  'CommissionReversed',
  'CommissionRestored',
  'PayoutRequested',
  'PayoutApproved',
  'PayoutRejected',
  'PayoutSent',
  'PayoutFailed',
  'PayoutCancelled',
  'PayoutAttentionRaised',
  'PayoutAttentionCleared',
  'ReattributionApplied',
] as const satisfies readonly LedgerEventType[];

export const isLedgerEvent = (event: { type: string }): event is LedgerEvent =>
  (LEDGER_EVENT_TYPES as readonly string[]).includes(event.type);

/** Ends a `switch` over the union: adding an event type without handling it fails to compile. */
export const assertNever = (value: never): never => {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
};
