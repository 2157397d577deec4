import type { AffiliateEvent } from '../src/affiliates/affiliate';
import { evolveAffiliate, type AffiliateState } from '../src/affiliates/affiliate-state';
import {
  evolvePromoCodeHolder,
  promoCodeOwner,
  type PromoCodeEvent,
} from '../src/affiliates/promo-codes';
import { attributeOrder, type AttributionDecision } from '../src/attribution/attribute-order';
import type { Product, ProductEvent } from '../src/catalog/product';
import type { ClickEvent, ClickRecorded } from '../src/clicks/click-recorded';
import type { OrderLine } from '../src/orders/order-events';
import { evolveProgram, initialProgram, type ProgramState } from '../src/program/change-rules';
import type { ProgramEvent } from '../src/program/program-rules';
import { attributeInvoice } from '../src/subscriptions/attribute-invoice';
import {
  evolveSubscription,
  initialSubscription,
  recordSubscriptionInvoice,
  type SubscriptionEvent,
  type SubscriptionState,
} from '../src/subscriptions/subscription';
import { decisionSpec } from './decider-spec';

/** The log as commerce attribution reads it: rules, products, affiliates, clicks, code holders, subscriptions. */
interface World {
  program: ProgramState;
  products: Map<string, Product>;
  affiliates: Map<string, AffiliateState>;
  clicks: ClickRecorded['data'][];
  holders: Map<string, string | null>;
  subscription: SubscriptionState;
}
type WorldEvent =
  ProgramEvent | ProductEvent | AffiliateEvent | ClickEvent | PromoCodeEvent | SubscriptionEvent;

const evolve = (world: World, event: WorldEvent): World => {
  switch (event.type) {
    case 'ProgramRulesChanged':
      return { ...world, program: evolveProgram(world.program, event) };
    case 'ProductListed': {
      const { occurredAt: _at, ...product } = event.data;
      return { ...world, products: new Map(world.products).set(product.productId, product) };
    }
    case 'ClickRecorded':
      return { ...world, clicks: [...world.clicks, event.data] };
    case 'PromoCodeClaimed':
    case 'PromoCodeReleased':
      return {
        ...world,
        holders: new Map(world.holders).set(
          event.data.promoCode,
          evolvePromoCodeHolder(world.holders.get(event.data.promoCode) ?? null, event),
        ),
      };
    case 'SubscriptionBound':
    case 'SubscriptionInvoicePaid':
    case 'SubscriptionReattributed':
      return { ...world, subscription: evolveSubscription(world.subscription, event) };
    default: {
      const affiliate = evolveAffiliate(
        world.affiliates.get(event.data.affiliateId) ?? null,
        event,
      );
      return affiliate
        ? { ...world, affiliates: new Map(world.affiliates).set(affiliate.affiliateId, affiliate) }
        : world;
    }
  }
};

const initialState = (): World => ({
  program: initialProgram,
  products: new Map(),
  affiliates: new Map(),
  clicks: [],
  holders: new Map(),
  subscription: initialSubscription(),
});

/** Attributing an order that may carry a promotion code: the decision is the "event". */
export const promoOrderSpec = decisionSpec<
  World,
  WorldEvent,
  { paidAt: string; lines: OrderLine[]; promoCode?: string; customerEmailHash?: string },
  AttributionDecision
>(initialState, evolve, (order, world) => {
  const holder = order.promoCode ? (world.holders.get(order.promoCode) ?? null) : null;
  return [
    attributeOrder({
      order: {
        paidAt: order.paidAt,
        lines: order.lines,
        ...(order.customerEmailHash ? { customerEmailHash: order.customerEmailHash } : {}),
      },
      clicks: world.clicks,
      rules: world.program.rules,
      rulesVersion: world.program.version,
      affiliates: world.affiliates,
      products: world.products,
      ...(order.promoCode
        ? {
            promoCode: {
              code: order.promoCode,
              owner: promoCodeOwner(
                order.promoCode,
                holder,
                holder ? world.affiliates.get(holder) : null,
              ),
            },
          }
        : {}),
    }),
  ];
});

/** A subscription's paid invoice: numbered in the subscription's stream, then attributed through its binding. */
export const invoiceSpec = decisionSpec<
  World,
  WorldEvent,
  { invoiceId: string; paidAt: string; lines: OrderLine[] },
  AttributionDecision
>(initialState, evolve, (invoice, world) => {
  const numbered = recordSubscriptionInvoice(world.subscription, {
    subscriptionId: 'sub_1',
    invoiceId: invoice.invoiceId,
    now: invoice.paidAt,
  });
  const subscription = numbered
    ? evolveSubscription(world.subscription, numbered)
    : world.subscription;
  return [
    attributeInvoice({
      order: { paidAt: invoice.paidAt, lines: invoice.lines },
      subscriptionId: 'sub_1',
      bound: subscription.bound,
      ordinal: subscription.invoices.get(invoice.invoiceId)!,
      rules: world.program.rules,
      rulesVersion: world.program.version,
      affiliates: world.affiliates,
      products: world.products,
    }),
  ];
});
