import type { LinkKind } from '@threadtrak/ledger';

/** Every document's key, in one place. A key starts with the name of the projection that owns it. */

export const PROJECTION_NAMES = [
  'affiliate-stats',
  'program-stats',
  'balances',
  'commissions',
  'payouts',
] as const;
export type ProjectionName = (typeof PROJECTION_NAMES)[number];

export type StatsProjectionName = 'affiliate-stats' | 'program-stats';

export const statsKeys = (projection: StatsProjectionName) => ({
  /** Counters of one scope (an affiliate, or the program: scope '') on one UTC day; fields are cells. */
  day: (scope: string, day: string) =>
    scope ? `${projection}:day:${scope}:${day}` : `${projection}:day:${day}`,
  /** Who clicked which link on a UTC day: members are `uniqueClickMember`s. */
  visitors: (day: string) => `${projection}:visitors:${day}`,
  /** Which client (IP hash × user agent) clicked which link in a UTC hour (`YYYY-MM-DDTHH`): `uniqueClientMember`s. */
  clients: (hour: string) => `${projection}:clients:${hour}`,
  /** An order's attribution, kept so its refunds are counted where its sale was. */
  order: (orderId: string) => `${projection}:order:${orderId}`,
  /** The program's currency. */
  program: () => `${projection}:program`,
});

/** `throttled`: human clicks over the per-address limit (counted apart, never as clicks). */
export type StatMetric =
  | 'clicks'
  | 'uniqueClicks'
  | 'sales'
  | 'revenueCents'
  | 'commissionCents'
  | 'refunds'
  | 'throttled';

/** A day's counters are broken down by cell: campaign ('' when untagged) × link kind. */
export const cellField = (
  campaign: string | undefined,
  linkKind: LinkKind,
  metric: StatMetric,
): string => `${campaign ?? ''}|${linkKind}|${metric}`;

export const parseCellField = (
  field: string,
): { campaign: string; linkKind: LinkKind; metric: StatMetric } | null => {
  const parts = field.split('|');
  if (parts.length !== 3) return null;
  return { campaign: parts[0], linkKind: parts[1] as LinkKind, metric: parts[2] as StatMetric };
};

interface LinkOfClick {
  refCode: string;
  linkKind: LinkKind;
  productId?: string;
  campaign?: string;
}

/**
 * A link is its ref code, kind, product and campaign. A unique click is one per visitor per link per UTC
 * day AND one per client (IP hash × user agent) per link per UTC hour: a flood without cookies makes a new
 * visitor per request, but one client.
 */
export const uniqueClickMember = (click: LinkOfClick & { visitorId: string }): string =>
  JSON.stringify([
    click.visitorId,
    click.refCode,
    click.linkKind,
    click.productId ?? '',
    click.campaign ?? '',
  ]);

export const uniqueClientMember = (
  click: LinkOfClick & { ipHash: string; userAgentHash?: string },
): string =>
  JSON.stringify([
    click.ipHash,
    click.userAgentHash ?? '',
    click.refCode,
    click.linkKind,
    click.productId ?? '',
    click.campaign ?? '',
  ]);

export const balanceKeys = {
  affiliate: (affiliateId: string) => `balances:affiliate:${affiliateId}`,
  program: () => 'balances:program',
};

export const COMMISSION_STATUSES = ['pending', 'due', 'paid', 'reversed'] as const;
export type CommissionStatus = (typeof COMMISSION_STATUSES)[number];

export const commissionKeys = {
  commission: (commissionId: string) => `commissions:commission:${commissionId}`,
  /** The commissions a payout pays, kept so its outcome can mark them. */
  payout: (payoutId: string) => `commissions:payout:${payoutId}`,
  /** An affiliate's commissions, newest first; `all` or one status. Members: `{earnedAt}|{commissionId}`. */
  index: (affiliateId: string, status: CommissionStatus | 'all') =>
    `commissions:affiliate:${affiliateId}:${status}`,
};

export const PAYOUT_STATUSES = [
  'requested',
  'approved',
  'sent',
  'failed',
  'rejected',
  'cancelled',
] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export const payoutKeys = {
  payout: (payoutId: string) => `payouts:payout:${payoutId}`,
  /** Members: `{requestedAt}|{payoutId}`, newest first. */
  byAffiliate: (affiliateId: string) => `payouts:affiliate:${affiliateId}`,
  byStatus: (status: PayoutStatus | 'all') => `payouts:status:${status}`,
  /** Open payouts the saga leaves to an operator (PayoutAttentionRaised, not cleared or closed). */
  attention: () => 'payouts:attention',
};

/** An index member: sorts by time, then id; the id is what follows the first `|`. */
export const indexMember = (instant: string, id: string): string => `${instant}|${id}`;
export const idOfMember = (member: string): string => member.slice(member.indexOf('|') + 1);
