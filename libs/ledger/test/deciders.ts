import type { AffiliateEvent } from '../src/affiliates/affiliate';
import { evolveAffiliate, type AffiliateState } from '../src/affiliates/affiliate-state';
import { DEFAULT_CLICK_SKEW_MS, attributeOrder } from '../src/attribution/attribute-order';
import type { Product, ProductEvent } from '../src/catalog/product';
import type { ClickEvent, ClickRecorded } from '../src/clicks/click-recorded';
import {
  evolveLedger,
  initialLedger,
  type AffiliateLedger,
} from '../src/commissions/affiliate-ledger';
import type { CommissionEvent } from '../src/commissions/commission-events';
import { commissionsDueBy } from '../src/commissions/make-commission-due';
import { postOrderToLedger } from '../src/commissions/post-order-to-ledger';
import type { OrderEvent } from '../src/orders/order-events';
import { evolveOrder, initialOrder, type OrderState } from '../src/orders/order-state';
import { payOrder, type PayOrder } from '../src/orders/pay-order';
import {
  closeDispute,
  refundOrder,
  type CloseDispute,
  type RefundOrder,
} from '../src/orders/refund-order';
import {
  approvePayout,
  cancelPayout,
  recordPayoutOutcome,
  rejectPayout,
} from '../src/payouts/payout-decisions';
import type { PayoutEvent } from '../src/payouts/payout-events';
import { requestPayout } from '../src/payouts/request-payout';
import { evolveProgram, initialProgram, type ProgramState } from '../src/program/change-rules';
import type { ProgramEvent } from '../src/program/program-rules';
import { specFor } from './decider-spec';

const ORDER_EVENTS = new Set<string>([
  'OrderPaid',
  'OrderRefunded',
  'OrderDisputeClosed',
  'OrderReattributed',
]);
const isOrderEvent = (event: { type: string }): event is OrderEvent => ORDER_EVENTS.has(event.type);

/**
 * Recording a paid order: given the program, catalogue, affiliates and the visitor's clicks (all from the log),
 * when an order is paid, then OrderPaid with its attribution — or nothing when it is already recorded.
 */
interface Shop {
  program: ProgramState;
  products: Map<string, Product>;
  affiliates: Map<string, AffiliateState>;
  clicks: ClickRecorded['data'][];
  order: OrderState;
}
type ShopEvent = ProgramEvent | ProductEvent | AffiliateEvent | ClickEvent | OrderEvent;

export const payOrderSpec = specFor<
  Shop,
  Omit<PayOrder, 'requestHash' | 'source'> & { requestHash?: string },
  OrderEvent,
  ShopEvent
>({
  initialState: () => ({
    program: initialProgram,
    products: new Map(),
    affiliates: new Map(),
    clicks: [],
    order: initialOrder,
  }),
  evolve: (shop, event) => {
    if (isOrderEvent(event)) return { ...shop, order: evolveOrder(shop.order, event) };
    switch (event.type) {
      case 'ProgramRulesChanged':
        return { ...shop, program: evolveProgram(shop.program, event) };
      case 'ProductListed': {
        const { occurredAt: _occurredAt, ...product } = event.data;
        return { ...shop, products: new Map(shop.products).set(product.productId, product) };
      }
      case 'ClickRecorded':
        return { ...shop, clicks: [...shop.clicks, event.data] };
      default: {
        const affiliate = evolveAffiliate(
          shop.affiliates.get(event.data.affiliateId) ?? null,
          event,
        );
        return affiliate
          ? { ...shop, affiliates: new Map(shop.affiliates).set(affiliate.affiliateId, affiliate) }
          : shop;
      }
    }
  },
  decide: (command, shop) => {
    const { requestHash = `hash-${command.orderId}`, ...order } = command;
    const decision = attributeOrder({
      order: {
        paidAt: order.paidAt,
        lines: order.lines,
        ...(order.customerEmailHash ? { customerEmailHash: order.customerEmailHash } : {}),
        ...(order.clickId ? { clickId: order.clickId } : {}),
      },
      clicks: shop.clicks.filter(
        (click) => !order.visitorId || click.visitorId === order.visitorId,
      ),
      clickSkewMs: DEFAULT_CLICK_SKEW_MS,
      rules: shop.program.rules,
      rulesVersion: shop.program.version,
      affiliates: shop.affiliates,
      products: shop.products,
    });
    const outcome = payOrder(
      shop.order,
      { ...order, requestHash, source: 'api' },
      shop.program.rules.currency,
      shop.program.version,
      decision,
    );
    return outcome.kind === 'paid' ? [outcome.event] : [];
  },
});

/** The order stream's own decisions: a refund, a dispute's outcome. */
export type OrderCommand =
  { type: 'RefundOrder'; data: RefundOrder } | { type: 'CloseDispute'; data: CloseDispute };

export const orderSpec = specFor<OrderState, OrderCommand, OrderEvent, OrderEvent>({
  initialState: () => initialOrder,
  evolve: evolveOrder,
  decide: (command, order) => {
    if (command.type === 'RefundOrder') {
      const outcome = refundOrder(order, command.data);
      return outcome.kind === 'refunded' ? [outcome.event] : [];
    }
    const closed = closeDispute(order, command.data);
    return closed ? [closed] : [];
  },
});

/** Posting an order to its affiliate's ledger: given the order's events and the ledger's, when posted. */
export interface Posting {
  order: OrderState;
  ledger: AffiliateLedger;
}
export type PostingEvent = OrderEvent | CommissionEvent | PayoutEvent;

export const evolvePosting = (state: Posting, event: PostingEvent): Posting =>
  isOrderEvent(event)
    ? { ...state, order: evolveOrder(state.order, event) }
    : { ...state, ledger: evolveLedger(state.ledger, event) };

export const postingSpec = specFor<Posting, 'PostOrderToLedger', CommissionEvent, PostingEvent>({
  initialState: () => ({ order: initialOrder, ledger: initialLedger() }),
  evolve: evolvePosting,
  decide: (_command, { order, ledger }) => postOrderToLedger(order, ledger),
});

/** The affiliate's ledger with what its decisions read beside it: the affiliate and the program rules. */
export interface LedgerWorld {
  ledger: AffiliateLedger;
  affiliate: AffiliateState | null;
  program: ProgramState;
}
export type LedgerWorldEvent = CommissionEvent | PayoutEvent | AffiliateEvent | ProgramEvent;

export type LedgerCommand =
  | { type: 'MakeCommissionsDue'; now: string }
  | { type: 'RequestPayout'; payoutId: string; now: string }
  | { type: 'ApprovePayout'; payoutId: string; approvedBy?: 'auto' | 'admin'; now: string }
  | { type: 'RejectPayout'; payoutId: string; reason?: string; now: string }
  | {
      type: 'CancelPayout';
      payoutId: string;
      reason: string;
      providerChecked: true;
      cancelledBy: string;
      now: string;
    }
  | { type: 'RecordPayoutOutcome'; payoutId: string; now: string; sent: true; providerRef: string }
  | { type: 'RecordPayoutOutcome'; payoutId: string; now: string; sent: false; reason: string };

const AFFILIATE_EVENTS = new Set<string>([
  'AffiliateRegistered',
  'AffiliateUpdated',
  'PayoutAccountSet',
  'RefCodeClaimed',
]);

export const evolveLedgerWorld = (world: LedgerWorld, event: LedgerWorldEvent): LedgerWorld => {
  if (event.type === 'ProgramRulesChanged')
    return { ...world, program: evolveProgram(world.program, event) };
  if (AFFILIATE_EVENTS.has(event.type))
    return { ...world, affiliate: evolveAffiliate(world.affiliate, event as AffiliateEvent) };
  return { ...world, ledger: evolveLedger(world.ledger, event as CommissionEvent | PayoutEvent) };
};

export const decideLedger = (
  command: LedgerCommand,
  world: LedgerWorld,
): (CommissionEvent | PayoutEvent)[] => {
  const affiliateId = world.affiliate?.affiliateId ?? 'ann';
  switch (command.type) {
    case 'MakeCommissionsDue':
      return commissionsDueBy(world.ledger, affiliateId, command.now);
    case 'RequestPayout':
      return [requestPayout(world.ledger, world.affiliate!, world.program.rules, command)];
    case 'ApprovePayout':
      return [
        approvePayout(world.ledger, affiliateId, {
          approvedBy: 'admin',
          affiliateStatus: world.affiliate?.status,
          ...command,
        }),
      ];
    case 'RejectPayout':
      return [rejectPayout(world.ledger, affiliateId, { reason: 'not this month', ...command })];
    case 'CancelPayout':
      return [cancelPayout(world.ledger, affiliateId, command)];
    case 'RecordPayoutOutcome': {
      const { type: _type, ...outcome } = command;
      const event = recordPayoutOutcome(world.ledger, affiliateId, outcome);
      return event ? [event] : [];
    }
  }
};

export const initialLedgerWorld = (): LedgerWorld => ({
  ledger: initialLedger(),
  affiliate: null,
  program: initialProgram,
});

/** Runs ledger commands one after another over a history, each seeing what the previous ones decided. */
export const runLedger = (
  history: LedgerWorldEvent[],
  ...commands: LedgerCommand[]
): LedgerWorldEvent[] =>
  commands.reduce<LedgerWorldEvent[]>(
    (events, command) => [
      ...events,
      ...decideLedger(command, events.reduce(evolveLedgerWorld, initialLedgerWorld())),
    ],
    history,
  );

export const ledgerSpec = specFor<
  LedgerWorld,
  LedgerCommand,
  CommissionEvent | PayoutEvent,
  LedgerWorldEvent
>({
  initialState: initialLedgerWorld,
  evolve: evolveLedgerWorld,
  decide: decideLedger,
});
