import type { RecordedEvent } from '@threadtrak/event-store';
import type {
  ClickRecorded,
  CommissionDue,
  CommissionEarned,
  CommissionReversed,
  CommissionRestored,
  LedgerEvent,
  LinkKind,
  OrderPaid,
  OrderReattributed,
  OrderRefunded,
  PayoutApproved,
  PayoutFailed,
  PayoutRejected,
  PayoutRequested,
  PayoutSent,
  ProgramRulesChanged,
} from '@threadtrak/ledger';
import { DEFAULT_RULES } from '@threadtrak/ledger';

/** Builders with plain defaults: a spec names only what it is about. */

export const rulesChanged = (currency = 'EUR', version = 1): ProgramRulesChanged => ({
  type: 'ProgramRulesChanged',
  data: { ...DEFAULT_RULES, currency, version, occurredAt: '2025-01-01T00:00:00.000Z' },
});

export const click = (data: {
  at: string;
  affiliateId?: string;
  visitorId?: string;
  refCode?: string;
  linkKind?: LinkKind;
  productId?: string;
  campaign?: string;
  bot?: boolean;
  /** Default: one address per visitor. */
  ipHash?: string;
  userAgentHash?: string;
  throttled?: boolean;
}): ClickRecorded => {
  const visitorId = data.visitorId ?? 'v1';
  const affiliateId = data.affiliateId ?? 'aff-1';
  return {
    type: 'ClickRecorded',
    data: {
      clickId: `${visitorId}.${data.at}`,
      visitorId,
      affiliateId,
      refCode: data.refCode ?? `ref-${affiliateId}`,
      linkKind: data.linkKind ?? 'canonical',
      ...(data.productId !== undefined && { productId: data.productId }),
      ...(data.campaign !== undefined && { campaign: data.campaign }),
      bot: data.bot ?? false,
      ipHash: data.ipHash ?? `ip-${visitorId}`,
      ...(data.userAgentHash !== undefined && { userAgentHash: data.userAgentHash }),
      ...(data.throttled !== undefined && { throttled: data.throttled }),
      occurredAt: data.at,
    },
  };
};

export const orderPaid = (data: {
  orderId: string;
  paidAt: string;
  totalCents?: number;
  /** Omit for an order nobody earns on. */
  attributedTo?: {
    affiliateId: string;
    commissionCents: number;
    linkKind?: LinkKind;
    campaign?: string;
  };
}): OrderPaid => {
  const totalCents = data.totalCents ?? 10_000;
  const to = data.attributedTo;
  return {
    type: 'OrderPaid',
    data: {
      orderId: data.orderId,
      paidAt: data.paidAt,
      currency: 'EUR',
      lines: [{ productId: 'p1', quantity: 1, amountCents: totalCents }],
      totalCents,
      rulesVersion: 1,
      attribution: to
        ? {
            affiliateId: to.affiliateId,
            clickId: `click-of-${data.orderId}`,
            linkKind: to.linkKind ?? 'canonical',
            ...(to.campaign !== undefined && { campaign: to.campaign }),
            rulesVersion: 1,
            model: 'last_click',
            lines: [],
            commissionCents: to.commissionCents,
            dueAt: new Date(Date.parse(data.paidAt) + 30 * 86_400_000).toISOString(),
          }
        : null,
      explanation: [],
      requestHash: 'h',
      source: 'api',
    },
  };
};

export const orderReattributed = (
  orderId: string,
  reattributionId: string,
  to: {
    affiliateId: string;
    commissionCents: number;
    linkKind?: LinkKind;
    campaign?: string;
  } | null,
): OrderReattributed => ({
  type: 'OrderReattributed',
  data: {
    orderId,
    reattributionId,
    attribution: to && {
      affiliateId: to.affiliateId,
      clickId: `click-of-${orderId}-${reattributionId}`,
      linkKind: to.linkKind ?? 'canonical',
      ...(to.campaign !== undefined && { campaign: to.campaign }),
      rulesVersion: 2,
      model: 'first_click',
      lines: [],
      commissionCents: to.commissionCents,
      dueAt: '2025-06-01T00:00:00.000Z',
    },
    occurredAt: '2025-05-20T00:00:00.000Z',
  },
});

export const orderRefunded = (
  orderId: string,
  refundId: string,
  refundedAt: string,
): OrderRefunded => ({
  type: 'OrderRefunded',
  data: { orderId, refundId, refundedAt, amountCents: 1, source: 'api' },
});

export const commissionEarned = (data: {
  commissionId: string;
  affiliateId?: string;
  amountCents: number;
  earnedAt: string;
  dueAt?: string;
}): CommissionEarned => ({
  type: 'CommissionEarned',
  data: {
    commissionId: data.commissionId,
    affiliateId: data.affiliateId ?? 'aff-1',
    orderId: data.commissionId.split('~')[0],
    clickId: 'c',
    rulesVersion: 1,
    lines: [],
    amountCents: data.amountCents,
    currency: 'EUR',
    earnedAt: data.earnedAt,
    dueAt: data.dueAt ?? new Date(Date.parse(data.earnedAt) + 30 * 86_400_000).toISOString(),
  },
});

export const commissionDue = (
  commissionId: string,
  amountCents: number,
  affiliateId = 'aff-1',
): CommissionDue => ({
  type: 'CommissionDue',
  data: { commissionId, affiliateId, amountCents, occurredAt: '2025-03-01T00:00:00.000Z' },
});

export const commissionReversed = (data: {
  commissionId: string;
  amountCents: number;
  balance: 'pending' | 'due';
  affiliateId?: string;
  reversalId?: string;
  clawback?: boolean;
}): CommissionReversed => ({
  type: 'CommissionReversed',
  data: {
    reversalId: data.reversalId ?? `refund:${data.commissionId}:${data.amountCents}`,
    commissionId: data.commissionId,
    affiliateId: data.affiliateId ?? 'aff-1',
    orderId: data.commissionId.split('~')[0],
    amountCents: data.amountCents,
    reason: 'refund',
    clawback: data.clawback ?? false,
    balance: data.balance,
    occurredAt: '2025-03-02T00:00:00.000Z',
  },
});

export const commissionRestored = (data: {
  commissionId: string;
  amountCents: number;
  balance: 'pending' | 'due';
  affiliateId?: string;
}): CommissionRestored => ({
  type: 'CommissionRestored',
  data: {
    restorationId: `won:${data.commissionId}`,
    commissionId: data.commissionId,
    affiliateId: data.affiliateId ?? 'aff-1',
    orderId: data.commissionId,
    amountCents: data.amountCents,
    reason: 'dispute_won',
    balance: data.balance,
    occurredAt: '2025-03-03T00:00:00.000Z',
  },
});

export const payoutRequested = (data: {
  payoutId: string;
  amountCents: number;
  commissionIds: string[];
  affiliateId?: string;
  requestedAt?: string;
  method?: 'paypal' | 'stripe_connect';
}): PayoutRequested => ({
  type: 'PayoutRequested',
  data: {
    payoutId: data.payoutId,
    affiliateId: data.affiliateId ?? 'aff-1',
    amountCents: data.amountCents,
    currency: 'EUR',
    account:
      data.method === 'stripe_connect'
        ? { method: 'stripe_connect', accountId: 'acct_1' }
        : { method: 'paypal', email: 'a@example.com' },
    commissionIds: data.commissionIds,
    clawbackIds: [],
    requestedAt: data.requestedAt ?? '2025-04-01T10:00:00.000Z',
  },
});

const outcome = { affiliateId: 'aff-1', occurredAt: '2025-04-02T10:00:00.000Z' };

export const payoutApproved = (
  payoutId: string,
  amountCents: number,
  affiliateId = 'aff-1',
): PayoutApproved => ({
  type: 'PayoutApproved',
  data: { ...outcome, affiliateId, payoutId, amountCents, approvedBy: 'admin' },
});

export const payoutSent = (
  payoutId: string,
  amountCents: number,
  affiliateId = 'aff-1',
): PayoutSent => ({
  type: 'PayoutSent',
  data: { ...outcome, affiliateId, payoutId, amountCents, providerRef: `ref-${payoutId}` },
});

export const payoutFailed = (
  payoutId: string,
  amountCents: number,
  affiliateId = 'aff-1',
): PayoutFailed => ({
  type: 'PayoutFailed',
  data: { ...outcome, affiliateId, payoutId, amountCents, reason: 'account_closed' },
});

export const payoutRejected = (
  payoutId: string,
  amountCents: number,
  affiliateId = 'aff-1',
): PayoutRejected => ({
  type: 'PayoutRejected',
  data: { ...outcome, affiliateId, payoutId, amountCents, reason: 'suspicious' },
});

/** As the log would hand them over: positions 1, 2, … */
export const recorded = (events: readonly LedgerEvent[], firstPosition = 1): RecordedEvent[] =>
  events.map((event, i) => ({
    id: `event-${firstPosition + i}`,
    type: event.type,
    data: event.data,
    metadata: {},
    streamName: 'test',
    revision: i,
    position: firstPosition + i,
    recordedAt: new Date(0),
  }));
