/** What the console reads from the admin API (shared/API.md) and its own `/v1/console/*` reads. */
export interface Rules {
  version: number;
  currency: string;
  cookieWindowDays: number;
  attributionModel: 'last_click' | 'first_click';
  holdDays: number;
  minPayoutCents: number;
  defaultRateBps: number;
  autoApproveBelowCents: number;
  recurringPayments: number | null;
}

export interface RulesVersion {
  version: number;
  rules: Omit<Rules, 'version'>;
  changedAt: string;
  actor: string;
  changed: { field: string; before: unknown; after: unknown }[];
}

export interface AttributionSummary {
  affiliateId: string | null;
  commissionCents: number;
}

export interface AffiliateDelta {
  affiliateId: string;
  deltaCents: number;
}

/** `POST /v1/admin/reattributions`'s answer. */
export interface ReattributionResult {
  reattributionId: string;
  ordersExamined: number;
  changes: { orderId: string; before: AttributionSummary; after: AttributionSummary }[];
  deltaByAffiliate: AffiliateDelta[];
  dryRun: boolean;
  appliedAt?: string;
  from: string;
  to: string;
  rules: Omit<Rules, 'version'>;
  rulesVersion: number;
}

/** `GET /v1/console/reattributions`: one applied re-attribution. */
export interface AppliedReattribution {
  reattributionId: string;
  from: string;
  to: string;
  rules: Omit<Rules, 'version'>;
  rulesVersion: number;
  ordersExamined: number;
  ordersMoved: number;
  deltaByAffiliate: AffiliateDelta[];
  appliedAt: string;
  actor: string;
}

/** `GET /v1/admin/affiliates`: what the console shows of an affiliate. */
export interface Affiliate {
  affiliateId: string;
  name: string;
  email: string;
  refCode: string;
  status: 'active' | 'suspended';
  productScope: 'all' | string[];
  rateBps?: number | null;
  promoCodes?: string[];
  [field: string]: unknown;
}

export type PayoutStatus = 'requested' | 'approved' | 'sent' | 'failed' | 'rejected' | 'cancelled';

export interface Payout {
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
  failureReason?: string;
}

export interface RiskHint {
  code: 'new_account' | 'payout_account_changed' | 'self_referral' | 'fast_orders';
  detail: string;
}

export interface PayoutForReview extends Payout {
  affiliate: {
    name: string;
    refCode: string;
    registeredAt?: string;
    earnedCents: number;
    reversedCents: number;
    paidCents: number;
    payoutsSent: number;
  };
  hints: RiskHint[];
}

export interface PayoutReview {
  programMedianClickToOrderSeconds: number | null;
  payouts: PayoutForReview[];
}

/** A payout the saga keeps open because the provider's answer needs a human (`GET …/payouts/attention`). */
export interface PayoutAttention {
  payoutId: string;
  affiliateId: string;
  amountCents: number;
  currency?: string;
  status?: PayoutStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  providerRef?: string;
  /** Why it waits: a provider's answer code, `provider_not_configured`, `resend_window_passed`, … */
  code: string;
  message: string;
  since: string;
  /** The provider's last answer, and when it came. */
  providerAnswer?: { code: string; message: string; at: string };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AttributionCheck {
  check: string;
  ok: boolean;
  detail: string;
}

/** `GET /v1/admin/orders/{orderId}`. */
export interface OrderExplanation {
  orderId: string;
  status: 'paid' | 'awaiting_payment';
  order: {
    paidAt: string;
    currency: string;
    lines: { productId: string; quantity: number; amountCents: number }[];
    totalCents: number;
    clickId: string | null;
    visitorId: string | null;
    source: string;
  } | null;
  rulesVersion: number | null;
  attributed: boolean;
  attribution: {
    affiliateId: string;
    clickId?: string;
    linkKind?: string;
    promoCode?: string;
    subscriptionId?: string;
    campaign?: string;
    rulesVersion: number;
    model: Rules['attributionModel'];
    lines: {
      productId: string;
      amountCents: number;
      rateBps: number;
      commissionCents: number;
      outcome: string;
    }[];
    commissionCents: number;
    dueAt: string;
  } | null;
  checks: AttributionCheck[];
  commissionCents: number;
  commissionId: string | null;
  refunds: { refundId: string; refundedAt: string; amountCents?: number }[];
}

export type ClickVerdict = 'won' | 'considered' | 'bot' | 'outside_window' | 'after_payment';

/** `GET /v1/console/orders/{orderId}/clicks`. */
export interface OrderClicks {
  orderId: string;
  visitorId: string | null;
  paidAt: string;
  cookieWindowDays: number;
  windowStart: string;
  clicks: {
    clickId: string;
    affiliateId: string;
    occurredAt: string;
    linkKind: string;
    campaign: string | null;
    named: boolean;
    verdict: ClickVerdict;
  }[];
}

export interface Balances {
  earnedCents: number;
  reversedCents: number;
  pendingCents: number;
  dueCents: number;
  requestedCents: number;
  paidCents: number;
}

export interface AuditReport {
  at: string;
  through: { position: number; hash: string | null };
  affiliates: (Balances & { affiliateId: string })[];
  totals: Balances;
  invariants: { name: string; ok: boolean; detail: string }[];
  chain: {
    ok: boolean | null;
    headHash: string | null;
    headPosition: number;
    events: number;
    reason?: string;
  };
}

export interface StatementLine {
  affiliateId: string;
  carriedInCents: number;
  earnedCents: number;
  reversedCents: number;
  paidCents: number;
  carriedOverCents: number;
}

export interface Statement {
  month: string;
  from: { at: string; through: AuditReport['through'] };
  to: { at: string; through: AuditReport['through'] };
  lines: StatementLine[];
  totals: Omit<StatementLine, 'affiliateId'>;
  chain: AuditReport['chain'];
  invariantsOk: boolean;
}

export interface AffiliateSummary {
  affiliateId: string;
  name: string;
  refCode: string;
}

/** `GET /readyz`: lag in events behind the log head, per read model and per log consumer. */
export interface Readiness {
  status: string;
  eventStore: string;
  headPosition: number;
  projections: Record<string, number>;
  consumers?: Record<string, number>;
  /** Who holds each log consumer's lease (from the lease store); null while nobody does. */
  leases?: Record<string, LeaseHolding | null>;
  payoutsNeedingAttention: number;
}

/** One lease's holder on `/readyz`. */
export interface LeaseHolding {
  /** The holding process: `hostname:pid:random` with Redis, `local:pid` in one process. */
  owner: string;
  token: number;
  /** Until it lapses unless renewed; null when it never does (one process). */
  expiresInMs: number | null;
}

/** `GET /v1/admin/webhooks`: an endpoint, without its secret. */
export interface Webhook {
  webhookId: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface DeliveryAttempt {
  attempt: number;
  attemptedAt: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** `GET /v1/admin/webhooks/{id}/deliveries`: one event's delivery to one endpoint. */
export interface Delivery {
  deliveryId: string;
  eventId: string;
  type: string;
  status: 'pending' | 'delivered' | 'failed' | string;
  createdAt: string;
  attempts: DeliveryAttempt[];
  nextAttemptAt: string | null;
}

/** `GET /v1/console/products`: one listed product. */
export interface Product {
  productId: string;
  name: string;
  url: string;
  checkoutUrl?: string;
  stripePriceId?: string;
  stripeProductId?: string;
  eligible: boolean;
  rateBps?: number;
}

/** `GET /v1/console/affiliates/{id}/commissions`: one commission, as the affiliate sees it. */
export interface Commission {
  commissionId: string;
  orderId: string;
  amountCents: number;
  currency: string;
  status: string;
  earnedAt: string;
  dueAt: string;
  payoutId?: string;
  paidAt?: string;
  reversals?: { reason: string; amountCents: number }[];
}
