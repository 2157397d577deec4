import type { AffiliateEvent } from '../src/affiliates/affiliate';
import { evolveAffiliate, type AffiliateState } from '../src/affiliates/affiliate-state';
import { DEFAULT_CLICK_SKEW_MS, attributeOrder } from '../src/attribution/attribute-order';
import type { Product, ProductEvent } from '../src/catalog/product';
import type { ClickEvent, ClickRecorded } from '../src/clicks/click-recorded';
import type { AffiliateLedger } from '../src/commissions/affiliate-ledger';
import {
  affiliateLedgerDecider,
  type AffiliateLedgerCommand,
  type AffiliateLedgerEvent,
} from '../src/commissions/affiliate-ledger.decider';
import type { CommissionEvent } from '../src/commissions/commission-events';
import { assert } from '../src/decider';
import { orderDecider } from '../src/orders/order.decider';
import type { OrderEvent } from '../src/orders/order-events';
import { evolveOrder, initialOrder, type OrderState } from '../src/orders/order-state';
import type { PayOrder } from '../src/orders/pay-order';
import type { PayoutAttentionEvent, PayoutEvent } from '../src/payouts/payout-events';
import { evolveProgram, initialProgram, type ProgramState } from '../src/program/change-rules';
import type { ProgramEvent } from '../src/program/program-rules';
import { specFor, specWithFacts } from './decider-spec';

const ORDER_EVENTS = new Set<string>([
  'OrderPaid',
  'OrderRefunded',
  'OrderDisputeClosed',
  'OrderReattributed',
  'OrderAttributed',
]);
const isOrderEvent = (event: { type: string }): event is OrderEvent => ORDER_EVENTS.has(event.type);

/** The order stream's own decisions: a refund, a Stripe refund, a dispute's outcome. */
export const orderSpec = specFor(orderDecider);

/** What recording a paid order reads from the log beside the order: program, catalogue, affiliates, clicks. */
interface Shop {
  program: ProgramState;
  products: Map<string, Product>;
  affiliates: Map<string, AffiliateState>;
  clicks: ClickRecorded['data'][];
}
type ShopEvent = ProgramEvent | ProductEvent | AffiliateEvent | ClickEvent;

/**
 * Recording a paid order: given the program, catalogue, affiliates and the visitor's clicks, when an order
 * is paid, then OrderPaid with its attribution — or nothing when it is already recorded.
 */
export const payOrderSpec = specWithFacts(orderDecider, {
  isFact: (event): event is ShopEvent => !isOrderEvent(event),
  initial: (): Shop => ({
    program: initialProgram,
    products: new Map(),
    affiliates: new Map(),
    clicks: [],
  }),
  evolve: (shop: Shop, event: ShopEvent): Shop => {
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
  complete: (
    command: Omit<PayOrder, 'requestHash' | 'source'> & { requestHash?: string },
    shop: Shop,
  ) => {
    const { requestHash = `hash-${command.orderId}`, ...order } = command;
    return {
      type: 'PayOrder' as const,
      order: { ...order, requestHash, source: 'api' as const },
      programCurrency: shop.program.rules.currency,
      rulesVersion: shop.program.version,
      decision: attributeOrder({
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
      }),
    };
  },
});

/** Posting an order to its affiliate's ledger: given the order's events and the ledger's, when posted. */
export type PostingEvent = OrderEvent | CommissionEvent | PayoutEvent | PayoutAttentionEvent;

export const postingSpec = specWithFacts(affiliateLedgerDecider, {
  isFact: isOrderEvent,
  initial: () => initialOrder,
  evolve: evolveOrder,
  complete: (_command: 'PostOrderToLedger', order: OrderState) => ({
    type: 'PostOrder' as const,
    order,
  }),
});

/** What the ledger's decisions read beside it, as the Payouts use case reads it: the affiliate and the rules. */
interface LedgerFacts {
  affiliate: AffiliateState | null;
  program: ProgramState;
}
export type LedgerWorldEvent = AffiliateLedgerEvent | AffiliateEvent | ProgramEvent;

/** The ledger commands as an admin or the affiliate gives them: the handler adds the facts. */
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
  | { type: 'RecordPayoutOutcome'; payoutId: string; now: string; sent: false; reason: string }
  | {
      type: 'RaisePayoutAttention';
      payoutId: string;
      code: string;
      message: string;
      attempt: number;
      nextAttemptAt: string | null;
      now: string;
    }
  | { type: 'ClearPayoutAttention'; payoutId: string; now: string };

const AFFILIATE_EVENTS = new Set<string>([
  'AffiliateRegistered',
  'AffiliateUpdated',
  'PayoutAccountSet',
  'RefCodeClaimed',
  'ApiKeyIssued',
  'ApiKeyRevoked',
  'PromoCodesSet',
]);
const isLedgerFact = (event: { type: string }): event is AffiliateEvent | ProgramEvent =>
  event.type === 'ProgramRulesChanged' || AFFILIATE_EVENTS.has(event.type);

const evolveLedgerFacts = (
  facts: LedgerFacts,
  event: AffiliateEvent | ProgramEvent,
): LedgerFacts =>
  event.type === 'ProgramRulesChanged'
    ? { ...facts, program: evolveProgram(facts.program, event) }
    : { ...facts, affiliate: evolveAffiliate(facts.affiliate, event) };

const completeLedgerCommand = (
  command: LedgerCommand,
  { affiliate, program }: LedgerFacts,
): AffiliateLedgerCommand => {
  const affiliateId = affiliate?.affiliateId ?? 'ann';
  switch (command.type) {
    case 'RequestPayout':
      assert(affiliate, 'a payout is requested by a registered affiliate');
      return { ...command, affiliate, rules: program.rules };
    case 'ApprovePayout':
      return {
        affiliateId,
        approvedBy: 'admin',
        ...(affiliate ? { affiliateStatus: affiliate.status } : {}),
        ...command,
      };
    case 'RejectPayout':
      return { affiliateId, reason: 'not this month', ...command };
    default:
      return { affiliateId, ...command };
  }
};

export const ledgerSpec = specWithFacts(affiliateLedgerDecider, {
  isFact: isLedgerFact,
  initial: (): LedgerFacts => ({ affiliate: null, program: initialProgram }),
  evolve: evolveLedgerFacts,
  complete: completeLedgerCommand,
});

/** Runs ledger commands one after another over a history, each seeing what the previous ones decided. */
export const runLedger = (
  history: LedgerWorldEvent[],
  ...commands: LedgerCommand[]
): LedgerWorldEvent[] =>
  commands.reduce<LedgerWorldEvent[]>(
    (events, command) => [...events, ...ledgerSpec(events).when(command).events()],
    history,
  );

/** The ledger a history folds into, for specs that look at balances. */
export const ledgerOf = (history: readonly LedgerWorldEvent[]): AffiliateLedger =>
  history
    .filter((event): event is AffiliateLedgerEvent => !isLedgerFact(event))
    .reduce(affiliateLedgerDecider.evolve, affiliateLedgerDecider.initialState());
