import { DEFAULT_RULES, ZERO_BALANCES, type Balances, type LinkKind } from '@threadtrak/ledger';
import {
  COMMISSION_STATUSES,
  PAYOUT_STATUSES,
  balanceKeys,
  commissionKeys,
  idOfMember,
  parseCellField,
  payoutKeys,
  statsKeys,
  type CommissionStatus,
  type PayoutStatus,
  type StatMetric,
  type StatsProjectionName,
} from './keys';
import {
  toCommissionView,
  toPayoutAttentionView,
  toPayoutView,
  type CommissionView,
  type PayoutAttentionView,
  type PayoutView,
} from './list-views';
import type { ReadModelReader, ReadModelStore } from './read-model-store';

const LINK_TYPES: readonly LinkKind[] = ['canonical', 'product', 'purchase'];
/** The longest range one dashboard read covers. */
const MAX_DASHBOARD_DAYS = 731;
const MAX_PAGE_SIZE = 200;

export interface DashboardQuery {
  /** First UTC day, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last UTC day, inclusive. */
  to: string;
  /** Only the traffic of this campaign tag. */
  campaign?: string;
}

export interface Metrics {
  clicks: number;
  uniqueClicks: number;
  sales: number;
  /** sales / uniqueClicks of the range; 0 without unique clicks. May exceed 1 (repeat buyers). */
  conversionRate: number;
  revenueCents: number;
  commissionCents: number;
  refunds: number;
  /** Human clicks over the per-address limit: recorded, counted here and not as clicks. */
  throttled: number;
}

export interface DayMetrics {
  date: string;
  clicks: number;
  uniqueClicks: number;
  sales: number;
  revenueCents: number;
  commissionCents: number;
}

export type DashboardBalance = Pick<
  Balances,
  'pendingCents' | 'dueCents' | 'requestedCents' | 'paidCents' | 'reversedCents'
>;

/** `GET /v1/me/dashboard`, and `GET /v1/admin/dashboard` for the whole program. */
export interface Dashboard {
  currency: string;
  totals: Metrics;
  balance: DashboardBalance;
  byDay: DayMetrics[];
  /** Campaign-tagged traffic only, by tag; untagged traffic is in totals and byLinkType. */
  byCampaign: (Metrics & { campaign: string })[];
  /** Always the three link types. */
  byLinkType: (Metrics & { linkType: LinkKind })[];
}

export interface PageQuery {
  /** Default 50, at most 200. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** null on the last page. */
  nextCursor: string | null;
}

/** A query the read models cannot answer as asked; maps to 400 `validation_failed`. */
export class ReadModelQueryError extends Error {
  readonly code = 'validation_failed';
  constructor(
    message: string,
    readonly details: { field: string; reason: string }[] = [],
  ) {
    super(message);
    this.name = 'ReadModelQueryError';
  }
}

/**
 * The read side of the dashboards: a dashboard of any range is one round trip to the store. An answer is
 * kept (up to `cacheSize` of them) while the checkpoints of the read models it was built from have not
 * moved — then nothing it shows can have changed. A year costs ~5 ms to build and ~0.1 ms to serve again.
 */
export class DashboardQueries {
  private readonly cache = new Map<string, { version: string; dashboard: Dashboard }>();

  constructor(
    private readonly reader: ReadModelReader & Partial<Pick<ReadModelStore, 'checkpoint'>>,
    private readonly cacheSize = 1000,
  ) {}

  affiliateDashboard(affiliateId: string, query: DashboardQuery): Promise<Dashboard> {
    return this.cached('affiliate-stats', affiliateId, query, () =>
      this.dashboard('affiliate-stats', affiliateId, balanceKeys.affiliate(affiliateId), query),
    );
  }

  programDashboard(query: DashboardQuery): Promise<Dashboard> {
    return this.cached('program-stats', '', query, () =>
      this.dashboard('program-stats', '', balanceKeys.program(), query),
    );
  }

  private async cached(
    projection: StatsProjectionName,
    scope: string,
    query: DashboardQuery,
    build: () => Promise<Dashboard>,
  ): Promise<Dashboard> {
    const checkpoint = this.reader.checkpoint?.bind(this.reader);
    if (!checkpoint) return build();
    const version = (await Promise.all([checkpoint(projection), checkpoint('balances')])).join(':');
    const key = JSON.stringify([projection, scope, query.from, query.to, query.campaign ?? null]);
    const hit = this.cache.get(key);
    if (hit && hit.version === version) return hit.dashboard;
    const dashboard = await build();
    this.cache.delete(key);
    this.cache.set(key, { version, dashboard });
    if (this.cache.size > this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    return dashboard;
  }

  async balance(affiliateId?: string): Promise<Balances> {
    const hash = await this.reader.getHash(
      affiliateId === undefined ? balanceKeys.program() : balanceKeys.affiliate(affiliateId),
    );
    return Object.fromEntries(
      Object.keys(ZERO_BALANCES).map((name) => [name, Number(hash[name] ?? 0)]),
    ) as unknown as Balances;
  }

  async commissions(
    affiliateId: string,
    query: PageQuery & { status?: CommissionStatus } = {},
  ): Promise<Page<CommissionView>> {
    if (query.status !== undefined && !COMMISSION_STATUSES.includes(query.status))
      throw new ReadModelQueryError('unknown status', [
        { field: 'status', reason: `one of ${COMMISSION_STATUSES.join(', ')}` },
      ]);
    return this.page(
      commissionKeys.index(affiliateId, query.status ?? 'all'),
      query,
      commissionKeys.commission,
      toCommissionView,
    );
  }

  /** An affiliate's payouts, newest request first. */
  async payouts(affiliateId: string): Promise<PayoutView[]> {
    const members = await this.reader.indexPage(payoutKeys.byAffiliate(affiliateId), {
      limit: 1000,
    });
    const payouts = await this.reader.getHashes(
      members.map((member) => payoutKeys.payout(idOfMember(member))),
    );
    return payouts.filter((payout) => payout.payoutId).map(toPayoutView);
  }

  /** Open payouts the saga leaves to an operator, oldest request first (the first to look at). */
  async payoutsNeedingAttention(limit = 1000): Promise<PayoutAttentionView[]> {
    const members = await this.reader.indexPage(payoutKeys.attention(), { limit });
    const payouts = await this.reader.getHashes(
      members.map((member) => payoutKeys.payout(idOfMember(member))),
    );
    return payouts
      .filter((payout) => payout.attentionCode)
      .map(toPayoutAttentionView)
      .reverse();
  }

  /** The program's payouts with a status (all when absent), newest request first. */
  async payoutsByStatus(status?: PayoutStatus, query: PageQuery = {}): Promise<Page<PayoutView>> {
    if (status !== undefined && !PAYOUT_STATUSES.includes(status))
      throw new ReadModelQueryError('unknown status', [
        { field: 'status', reason: `one of ${PAYOUT_STATUSES.join(', ')}` },
      ]);
    return this.page(payoutKeys.byStatus(status ?? 'all'), query, payoutKeys.payout, toPayoutView);
  }

  private async dashboard(
    projection: StatsProjectionName,
    scope: string,
    balanceKey: string,
    query: DashboardQuery,
  ): Promise<Dashboard> {
    const days = daysOf(query);
    const keys = statsKeys(projection);
    const hashes = await this.reader.getHashes([
      ...days.map((day) => keys.day(scope, day)),
      balanceKey,
      keys.program(),
    ]);
    const [balance, program] = hashes.slice(days.length);

    const totals = emptyCounts();
    const byCampaign = new Map<string, Counts>();
    const byLinkType = new Map<LinkKind, Counts>(
      LINK_TYPES.map((linkType) => [linkType, emptyCounts()]),
    );
    // A year repeats the same few cells on every day: each field is parsed once per read.
    const cells = new Map<string, ReturnType<typeof parseCellField>>();
    const cellOf = (field: string) => {
      let cell = cells.get(field);
      if (cell === undefined) cells.set(field, (cell = parseCellField(field)));
      return cell;
    };
    const byDay = days.map((date, i) => {
      const day = emptyCounts();
      for (const field in hashes[i]) {
        const value = hashes[i][field];
        const cell = cellOf(field);
        if (!cell || (query.campaign !== undefined && cell.campaign !== query.campaign)) continue;
        const amount = Number(value);
        day[cell.metric] += amount;
        totals[cell.metric] += amount;
        if (cell.campaign) countInto(byCampaign, cell.campaign)[cell.metric] += amount;
        countInto(byLinkType, cell.linkKind)[cell.metric] += amount;
      }
      const { refunds, throttled, ...metrics } = day;
      return { date, ...metrics };
    });

    return {
      currency: program.currency ?? DEFAULT_RULES.currency,
      totals: withRate(totals),
      balance: {
        pendingCents: Number(balance.pendingCents ?? 0),
        dueCents: Number(balance.dueCents ?? 0),
        requestedCents: Number(balance.requestedCents ?? 0),
        paidCents: Number(balance.paidCents ?? 0),
        reversedCents: Number(balance.reversedCents ?? 0),
      },
      byDay,
      byCampaign: [...byCampaign]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([campaign, counts]) => ({ campaign, ...withRate(counts) })),
      byLinkType: [...byLinkType].map(([linkType, counts]) => ({ linkType, ...withRate(counts) })),
    };
  }

  private async page<T>(
    indexKey: string,
    { limit = 50, cursor }: PageQuery,
    documentKey: (id: string) => string,
    view: (document: Record<string, string>) => T,
  ): Promise<Page<T>> {
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw new ReadModelQueryError('invalid limit', [
        { field: 'limit', reason: `an integer from 1 to ${MAX_PAGE_SIZE}` },
      ]);
    const members = await this.reader.indexPage(indexKey, {
      before: cursor === undefined ? undefined : decodeCursor(cursor),
      limit: limit + 1,
    });
    const page = members.slice(0, limit);
    const documents = await this.reader.getHashes(
      page.map((member) => documentKey(idOfMember(member))),
    );
    return {
      items: documents.filter((document) => Object.keys(document).length > 0).map(view),
      nextCursor: members.length > limit ? encodeCursor(page[page.length - 1]) : null,
    };
  }
}

type Counts = Record<StatMetric, number>;

const emptyCounts = (): Counts => ({
  clicks: 0,
  uniqueClicks: 0,
  sales: 0,
  revenueCents: 0,
  commissionCents: 0,
  refunds: 0,
  throttled: 0,
});

const countInto = <K>(map: Map<K, Counts>, key: K): Counts => {
  const counts = map.get(key) ?? emptyCounts();
  map.set(key, counts);
  return counts;
};

/** Rounded to 4 decimals: a ratio for display, not money. */
export const conversionRate = (sales: number, uniqueClicks: number): number =>
  uniqueClicks > 0 ? Math.round((sales / uniqueClicks) * 10_000) / 10_000 : 0;

const withRate = ({
  clicks,
  uniqueClicks,
  sales,
  revenueCents,
  commissionCents,
  refunds,
  throttled,
}: Counts): Metrics => ({
  clicks,
  uniqueClicks,
  sales,
  conversionRate: conversionRate(sales, uniqueClicks),
  revenueCents,
  commissionCents,
  refunds,
  throttled,
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Every UTC day of the range, both ends included. */
export const daysOf = ({ from, to }: { from: string; to: string }): string[] => {
  const start = Date.parse(`${from}T00:00:00.000Z`);
  const end = Date.parse(`${to}T00:00:00.000Z`);
  const details: { field: string; reason: string }[] = [];
  if (!DAY.test(from) || Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== from)
    details.push({ field: 'from', reason: 'a UTC day YYYY-MM-DD' });
  if (!DAY.test(to) || Number.isNaN(end) || new Date(end).toISOString().slice(0, 10) !== to)
    details.push({ field: 'to', reason: 'a UTC day YYYY-MM-DD' });
  if (details.length) throw new ReadModelQueryError('invalid range', details);
  if (end < start)
    throw new ReadModelQueryError('invalid range', [{ field: 'to', reason: 'not before from' }]);
  const count = (end - start) / DAY_MS + 1;
  if (count > MAX_DASHBOARD_DAYS)
    throw new ReadModelQueryError('range too long', [
      { field: 'to', reason: `at most ${MAX_DASHBOARD_DAYS} days after from` },
    ]);
  return Array.from({ length: count }, (_, i) =>
    new Date(start + i * DAY_MS).toISOString().slice(0, 10),
  );
};

const encodeCursor = (member: string): string => Buffer.from(member, 'utf8').toString('base64url');

const decodeCursor = (cursor: string): string => {
  const member = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^\d{4}-\d{2}-\d{2}T[^|]*\|./.test(member) || encodeCursor(member) !== cursor)
    throw new ReadModelQueryError('invalid cursor', [
      { field: 'cursor', reason: 'a nextCursor from a previous page' },
    ]);
  return member;
};
