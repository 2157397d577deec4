import type {
  AffiliateRegistered,
  AffiliateUpdated,
  PayoutAccountSet,
} from '../src/affiliates/affiliate';
import type { ProductListed } from '../src/catalog/product';
import type { ClickRecorded } from '../src/clicks/click-recorded';
import type { CommissionDue, CommissionEarned } from '../src/commissions/commission-events';
import { commissionOf, sum } from '../src/money';
import type {
  CommissionLine,
  OrderDisputeClosed,
  OrderPaid,
  OrderRefunded,
} from '../src/orders/order-events';
import {
  DEFAULT_RULES,
  type ProgramRules,
  type ProgramRulesChanged,
} from '../src/program/program-rules';
import { addDays, DAY } from '../src/time';

/** The instant every spec's story starts; `at(days)` is that many days later. */
export const T0 = '2025-03-01T00:00:00.000Z';
export const at = (days: number, extraMs = 0): string =>
  new Date(Date.parse(T0) + days * DAY + extraMs).toISOString();

export const emailHashOf = (affiliateId: string) => `${affiliateId}-email-hash`;

export const registered = (
  affiliateId: string,
  data: Partial<AffiliateRegistered['data']> = {},
): AffiliateRegistered => ({
  type: 'AffiliateRegistered',
  data: {
    affiliateId,
    name: affiliateId,
    email: `${affiliateId}@example.com`,
    emailHash: emailHashOf(affiliateId),
    refCode: affiliateId.toUpperCase(),
    productScope: 'all',
    rateBps: null,
    apiKeyHash: `${affiliateId}-key-hash`,
    occurredAt: T0,
    ...data,
  },
});

export const updated = (
  affiliateId: string,
  data: Omit<AffiliateUpdated['data'], 'affiliateId' | 'occurredAt'>,
): AffiliateUpdated => ({
  type: 'AffiliateUpdated',
  data: { affiliateId, ...data, occurredAt: T0 },
});

export const payoutAccountSet = (affiliateId: string): PayoutAccountSet => ({
  type: 'PayoutAccountSet',
  data: {
    affiliateId,
    account: { method: 'paypal', email: `${affiliateId}@example.com` },
    occurredAt: T0,
  },
});

export const listed = (
  productId: string,
  data: Partial<ProductListed['data']> = {},
): ProductListed => ({
  type: 'ProductListed',
  data: {
    productId,
    name: productId,
    url: `https://shop.example/${productId}`,
    eligible: true,
    occurredAt: T0,
    ...data,
  },
});

/** A human click of visitor `v1` unless told otherwise. */
export const clicked = (
  clickId: string,
  affiliateId: string,
  occurredAt: string,
  data: Partial<ClickRecorded['data']> = {},
): ClickRecorded => ({
  type: 'ClickRecorded',
  data: {
    clickId,
    visitorId: 'v1',
    affiliateId,
    refCode: affiliateId.toUpperCase(),
    linkKind: 'canonical',
    bot: false,
    ipHash: 'ip-hash',
    occurredAt,
    ...data,
  },
});

export const rulesChanged = (
  version: number,
  rules: Partial<ProgramRules> = {},
  occurredAt = T0,
): ProgramRulesChanged => ({
  type: 'ProgramRulesChanged',
  data: { ...DEFAULT_RULES, ...rules, version, occurredAt },
});

export interface LineSpec {
  productId: string;
  amountCents: number;
  /** 0: the line does not earn (out of scope). */
  rateBps: number;
}

/** A paid order already attributed to `affiliateId`, each line at its locked rate. */
export const orderPaid = (options: {
  orderId: string;
  affiliateId?: string;
  paidAt?: string;
  lines: LineSpec[];
  holdDays?: number;
}): OrderPaid => {
  const paidAt = options.paidAt ?? T0;
  const lines: CommissionLine[] = options.lines.map((line) => ({
    productId: line.productId,
    amountCents: line.amountCents,
    rateBps: line.rateBps,
    commissionCents: commissionOf(line.amountCents, line.rateBps),
    outcome: line.rateBps > 0 ? 'earns' : 'out_of_scope',
  }));
  return {
    type: 'OrderPaid',
    data: {
      orderId: options.orderId,
      paidAt,
      currency: 'USD',
      lines: options.lines.map((line) => ({
        productId: line.productId,
        quantity: 1,
        amountCents: line.amountCents,
      })),
      totalCents: sum(options.lines.map((line) => line.amountCents)),
      rulesVersion: 1,
      attribution: {
        affiliateId: options.affiliateId ?? 'ann',
        clickId: 'v1.c1',
        linkKind: 'canonical',
        rulesVersion: 1,
        model: 'last_click',
        lines,
        commissionCents: sum(lines.map((line) => line.commissionCents)),
        dueAt: addDays(paidAt, options.holdDays ?? 30),
      },
      explanation: [],
      requestHash: `hash-${options.orderId}`,
      source: 'api',
    },
  };
};

export const refunded = (
  orderId: string,
  refundId: string,
  refund: {
    amountCents?: number;
    lines?: { productId: string; amountCents: number }[];
    refundedAt?: string;
  } = {},
): OrderRefunded => ({
  type: 'OrderRefunded',
  data: {
    orderId,
    refundId,
    refundedAt: refund.refundedAt ?? at(1),
    ...(refund.amountCents !== undefined ? { amountCents: refund.amountCents } : {}),
    ...(refund.lines ? { lines: refund.lines } : {}),
    source: 'stripe',
  },
});

export const disputeClosed = (
  orderId: string,
  disputeId: string,
  status: 'lost' | 'won',
  amountCents: number,
  closedAt: string,
): OrderDisputeClosed => ({
  type: 'OrderDisputeClosed',
  data: { orderId, disputeId, status, amountCents, closedAt },
});

/** A commission of `amountCents` for order `orderId`, paid at T0, due 30 days later. */
export const earned = (
  orderId: string,
  amountCents: number,
  data: Partial<CommissionEarned['data']> = {},
): CommissionEarned => ({
  type: 'CommissionEarned',
  data: {
    commissionId: orderId,
    affiliateId: 'ann',
    orderId,
    clickId: 'v1.c1',
    rulesVersion: 1,
    lines: [
      {
        productId: 'tee',
        amountCents: amountCents * 10,
        rateBps: 1000,
        commissionCents: amountCents,
        outcome: 'earns',
      },
    ],
    amountCents,
    currency: 'USD',
    earnedAt: T0,
    dueAt: at(30),
    ...data,
  },
});

export const madeDue = (
  commissionId: string,
  amountCents: number,
  occurredAt = at(30),
): CommissionDue => ({
  type: 'CommissionDue',
  data: { commissionId, affiliateId: 'ann', amountCents, occurredAt },
});
