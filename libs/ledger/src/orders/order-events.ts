import type { LinkKind } from '../clicks/click-recorded';
import type { AttributionModel } from '../program/program-rules';

export interface OrderLine {
  productId: string;
  quantity: number;
  amountCents: number;
}

/** Per line: whether it earns, at which locked rate, and why not when it does not. */
export interface CommissionLine {
  productId: string;
  amountCents: number;
  rateBps: number;
  commissionCents: number;
  /**
   * `earns`, or the check that failed: `out_of_scope`, `ineligible`, `unknown_product`;
   * `not_commissionable`: tax and shipping, kept so the order adds up to what the customer paid;
   * `past_recurring_limit`: a subscription invoice beyond the rule `recurringPayments`.
   */
  outcome:
    | 'earns'
    | 'out_of_scope'
    | 'ineligible'
    | 'unknown_product'
    | 'not_commissionable'
    | 'past_recurring_limit';
}

/** The write side's attribution decision, recorded with the order so a replay never re-decides it. */
export interface Attribution {
  affiliateId: string;
  /** The winning click; absent when a promotion code won. */
  clickId?: string;
  /** Of the attributed click, for per-channel reporting; absent when a promotion code won. */
  linkKind?: LinkKind;
  /** The promotion code that won (over any click). */
  promoCode?: string;
  /** A subscription's invoice: attributed through the subscription's binding. */
  subscriptionId?: string;
  campaign?: string;
  rulesVersion: number;
  model: AttributionModel;
  lines: CommissionLine[];
  commissionCents: number;
  /** End of the refund hold under the deciding rules: paidAt + holdDays. */
  dueAt: string;
}

/** Stream `order-{orderId}`. */
export interface OrderPaid {
  type: 'OrderPaid';
  data: {
    orderId: string;
    paidAt: string;
    currency: string;
    lines: OrderLine[];
    totalCents: number;
    clickId?: string;
    visitorId?: string;
    /** SHA-256 of the trimmed, lower-cased customer email; the email itself is not kept. */
    customerEmailHash?: string;
    /** Upper-case promotion code the order carried. */
    promoCode?: string;
    /** A subscription's paid invoice, and which one (1 = the first). */
    subscription?: { subscriptionId: string; ordinal: number };
    rulesVersion: number;
    /** null: nobody earns (no click, outside the window, self-referral, …); see the explanation. */
    attribution: Attribution | null;
    /** Why it was (not) attributed: the checks in order. */
    explanation: AttributionCheck[];
    /** Hash of the request that created it: the same orderId with another body is a conflict. */
    requestHash: string;
    source: 'api' | 'stripe';
  };
}

export interface AttributionCheck {
  check:
    | 'click'
    | 'bot'
    | 'window'
    | 'affiliate_active'
    | 'self_referral'
    | 'scope'
    | 'eligibility'
    | 'promo_code'
    | 'subscription'
    | 'recurring_limit';
  ok: boolean;
  detail: string;
}

/** A refund of the whole order (`amountCents`) or of single lines. May arrive before its order. */
export interface OrderRefunded {
  type: 'OrderRefunded';
  data: {
    orderId: string;
    refundId: string;
    refundedAt: string;
    /** Order-level refund: spread over the lines in proportion to their amounts. */
    amountCents?: number;
    lines?: { productId: string; amountCents: number }[];
    source: 'api' | 'stripe';
  };
}

/** A card dispute's outcome. `lost` takes the money back; a later `won` restores it. */
export interface OrderDisputeClosed {
  type: 'OrderDisputeClosed';
  data: {
    orderId: string;
    disputeId: string;
    status: 'lost' | 'won';
    amountCents: number;
    /** When the provider decided it: of two outcomes of one dispute the later one counts. */
    closedAt: string;
  };
}

/** Ops re-decided the order under other rules; the order's commission now follows this attribution. */
export interface OrderReattributed {
  type: 'OrderReattributed';
  data: {
    orderId: string;
    reattributionId: string;
    attribution: Attribution | null;
    occurredAt: string;
  };
}

/**
 * A subscription's invoice recorded before its subscription was bound (the invoice's webhook came first)
 * is attributed once the binding arrives — once, and as OrderPaid would have been: same commission id.
 */
export interface OrderAttributed {
  type: 'OrderAttributed';
  data: {
    orderId: string;
    attribution: Attribution;
    explanation: AttributionCheck[];
    occurredAt: string;
  };
}

export type OrderEvent =
  OrderPaid | OrderRefunded | OrderDisputeClosed | OrderReattributed | OrderAttributed;
