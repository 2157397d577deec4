import type { RecordedEvent } from '@threadtrak/event-store';
import type {
  Attribution,
  ClickRecorded,
  LinkKind,
  OrderAttributed,
  OrderPaid,
  OrderReattributed,
  OrderRefunded,
} from '@threadtrak/ledger';
import {
  cellField,
  statsKeys,
  uniqueClickMember,
  uniqueClientMember,
  type StatMetric,
  type StatsProjectionName,
} from '../keys';
import { Counters, HashMemo, ledgerEvents, utcDay, utcHour, type Projection } from '../projection';
import type { ReadModelReader, WriteOp } from '../read-model-store';

/**
 * Clicks, unique clicks, sales, revenue, commission and refunds per UTC day, by campaign × link kind.
 * One implementation, two scopes: each affiliate (affiliate-stats) and the whole program (program-stats).
 *
 * - A click counts on its day; bot clicks never count; throttled clicks count as `throttled` only.
 * - A unique click: new for its visitor on that link that UTC day, and new for its client (IP hash ×
 *   user agent) on that link that UTC hour.
 * - A sale is an attributed OrderPaid, on the day it was paid, in the cell of the attributed click.
 * - A refund counts on the day it was refunded, in the cell of its order's sale. The order's document keeps
 *   its attribution and refunds (`refund:{refundId}` = day); a refund that arrives before its order waits
 *   there and counts once the order is paid.
 * - OrderReattributed moves the sale and its refunds (same days) to the new attribution: the old cell loses
 *   them, the new one gains them; an order re-attributed to nobody is no sale.
 */
export const trafficStatsProjection = (
  name: StatsProjectionName,
  scopeOf: (affiliateId: string) => string,
): Projection => {
  const keys = statsKeys(name);

  return {
    name,
    async project(recorded: readonly RecordedEvent[], reader: ReadModelReader): Promise<WriteOp[]> {
      const events = ledgerEvents(recorded);
      const memo = new HashMemo(reader);
      await memo.load(
        events.flatMap((event) =>
          event.type === 'OrderPaid' ||
          event.type === 'OrderRefunded' ||
          event.type === 'OrderReattributed' ||
          event.type === 'OrderAttributed'
            ? [keys.order(event.data.orderId)]
            : [],
        ),
      );
      const counters = new Counters();
      const ops: WriteOp[] = [];

      const onClick = ({ data: click }: ClickRecorded) => {
        if (click.bot) return;
        const day = utcDay(click.occurredAt);
        const counter = keys.day(scopeOf(click.affiliateId), day);
        if (click.throttled)
          return counters.add(counter, cellField(click.campaign, click.linkKind, 'throttled'), 1);
        counters.add(counter, cellField(click.campaign, click.linkKind, 'clicks'), 1);
        // Unique when new for its client that hour AND for its visitor that day. The client set learns every
        // click (a flood's every request is one client); the visitor set learns those new for their client.
        const unique: WriteOp = {
          op: 'hincrby',
          key: counter,
          field: cellField(click.campaign, click.linkKind, 'uniqueClicks'),
          by: 1,
        };
        ops.push({
          op: 'sadd',
          key: keys.clients(utcHour(click.occurredAt)),
          member: uniqueClientMember(click),
          ifNew: [
            {
              op: 'sadd',
              key: keys.visitors(day),
              member: uniqueClickMember(click),
              ifNew: [unique],
            },
          ],
        });
      };

      /** Adds (sign 1) or takes back (sign -1) an order's sale and its refunds, in the cell of its attribution. */
      const countSale = (order: Record<string, string>, sign: 1 | -1) => {
        if (!order.affiliateId) return;
        const counter = (day: string) => keys.day(scopeOf(order.affiliateId), day);
        const field = (metric: StatMetric) =>
          cellField(order.campaign || undefined, order.linkKind as LinkKind, metric);
        counters.add(counter(order.day), field('sales'), sign);
        counters.add(counter(order.day), field('revenueCents'), sign * Number(order.totalCents));
        counters.add(
          counter(order.day),
          field('commissionCents'),
          sign * Number(order.commissionCents),
        );
        for (const [name, refundDay] of Object.entries(order))
          if (name.startsWith('refund:')) counters.add(counter(refundDay), field('refunds'), sign);
      };

      const onOrderPaid = ({ data: order }: OrderPaid) => {
        const key = keys.order(order.orderId);
        const known = memo.get(key);
        if (known.paid) return;
        const paid = {
          ...known,
          paid: '1',
          day: utcDay(order.paidAt),
          totalCents: String(order.totalCents),
          ...attributionFields(order.attribution),
        };
        memo.set(key, paid);
        countSale(paid, 1);
      };

      const onOrderRefunded = ({ data: refund }: OrderRefunded) => {
        const key = keys.order(refund.orderId);
        const order = memo.get(key);
        const field = `refund:${refund.refundId}`;
        if (order[field]) return;
        const day = utcDay(refund.refundedAt);
        memo.set(key, { ...order, [field]: day });
        if (order.paid && order.affiliateId)
          counters.add(
            keys.day(scopeOf(order.affiliateId), day),
            cellField(order.campaign || undefined, order.linkKind as LinkKind, 'refunds'),
            1,
          );
      };

      const onOrderReattributed = ({ data: change }: OrderReattributed) => {
        const key = keys.order(change.orderId);
        const order = memo.get(key);
        if (!order.paid || order.reattributionId === change.reattributionId) return;
        countSale(order, -1);
        const { affiliateId, campaign, linkKind, commissionCents, ...rest } = order;
        const reattributed = {
          ...rest,
          reattributionId: change.reattributionId,
          ...attributionFields(change.attribution),
        };
        memo.set(key, reattributed);
        countSale(reattributed, 1);
      };

      /** A subscription's invoice attributed once its binding arrived: its sale counts from now on. */
      const onOrderAttributed = ({ data: change }: OrderAttributed) => {
        const key = keys.order(change.orderId);
        const order = memo.get(key);
        if (!order.paid || order.affiliateId) return;
        const attributed = { ...order, ...attributionFields(change.attribution) };
        memo.set(key, attributed);
        countSale(attributed, 1);
      };

      for (const event of events) {
        if (event.type === 'ProgramRulesChanged')
          ops.push({ op: 'hset', key: keys.program(), fields: { currency: event.data.currency } });
        else if (event.type === 'ClickRecorded') onClick(event);
        else if (event.type === 'OrderPaid') onOrderPaid(event);
        else if (event.type === 'OrderRefunded') onOrderRefunded(event);
        else if (event.type === 'OrderReattributed') onOrderReattributed(event);
        else if (event.type === 'OrderAttributed') onOrderAttributed(event);
      }
      return [...ops, ...counters.ops(), ...memo.ops()];
    },
  };
};

const attributionFields = (attribution: Attribution | null): Record<string, string> =>
  attribution
    ? {
        affiliateId: attribution.affiliateId,
        campaign: attribution.campaign ?? '',
        // A promotion code's sale has no link: it is reported under the kind `promo_code`.
        linkKind: attribution.linkKind ?? 'promo_code',
        commissionCents: String(attribution.commissionCents),
      }
    : {};

export const affiliateStatsProjection = (): Projection =>
  trafficStatsProjection('affiliate-stats', (affiliateId) => affiliateId);

export const programStatsProjection = (): Projection =>
  trafficStatsProjection('program-stats', () => '');
