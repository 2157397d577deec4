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
  /** `earns`, or the check that failed: `out_of_scope`, `ineligible`, `unknown_product`. */
  outcome: 'earns' | 'out_of_scope' | 'ineligible' | 'unknown_product';
}

/** The write side's attribution decision, recorded with the order so a replay never re-decides it. */
export interface Attribution {
  affiliateId: string;
  clickId: string;
  /** Of the attributed click, for per-channel reporting. */
  linkKind: LinkKind;
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
  check: 'click' | 'bot' | 'window' | 'affiliate_active' | 'self_referral' | 'scope' | 'eligibility';
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
  data: { orderId: string; reattributionId: string; attribution: Attribution | null; occurredAt: string };
}

export type OrderEvent = OrderPaid | OrderRefunded | OrderDisputeClosed | OrderReattributed;
