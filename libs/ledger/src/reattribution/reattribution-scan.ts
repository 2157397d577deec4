import type { AffiliateEvent } from '../affiliates/affiliate';
import { evolveAffiliate, type AffiliateState } from '../affiliates/affiliate-state';
import { DEFAULT_CLICK_SKEW_MS, attributeOrder } from '../attribution/attribute-order';
import { assert } from '../decider';
import type { Product, ProductListed } from '../catalog/product';
import type { ClickRecorded, LinkKind } from '../clicks/click-recorded';
import {
  evolvePromoCodeHolder,
  promoCodeOwner,
  type PromoCodeEvent,
} from '../affiliates/promo-codes';
import type {
  Attribution,
  OrderAttributed,
  OrderPaid,
  OrderReattributed,
} from '../orders/order-events';
import { attributeInvoice } from '../subscriptions/attribute-invoice';
import type { SubscriptionBound } from '../subscriptions/subscription';
import { redecideBinding, sameBinding } from './redecide-binding';
import { DAY } from '../time';
import { isChange, summaryOf } from './reattribution-diff';
import type { ReattributionPlanKey } from './reattribution-request';
import type { AttributionSummary, ReattributionChange } from './reattribution-events';

type Click = ClickRecorded['data'];

/** One order of the range as the scan knows it. */
interface ScannedOrder {
  orderId: string;
  /** The attribution in force: the original one, or the latest re-attribution's. */
  before: AttributionSummary;
  /** Re-decided under the re-attribution's rules. */
  after: Attribution | null;
  /** This re-attribution is already on the order (an apply that stopped half-way): `before` is what it replaced. */
  applied: boolean;
}

/** An order whose affiliate or commission the re-attribution changes, with the decision to record. */
export interface PlannedChange extends ReattributionChange {
  attribution: Attribution | null;
  /** Already recorded on the order by an earlier, interrupted apply of the same re-attribution. */
  applied: boolean;
}

export interface ReattributionPlan {
  ordersExamined: number;
  /** By order id; an order this re-attribution is already on stays here, for the apply to finish it. */
  changes: PlannedChange[];
  /**
   * What the re-attribution would change on the orders as they stand now (what a dry run shows): the new
   * decision against the attribution in force, so an order this re-attribution is already on changes nothing.
   */
  outstanding: ReattributionChange[];
  /** Subscriptions whose checkout (in the range) the rules bind to another affiliate: their next invoices follow. */
  bindings: SubscriptionBound['data'][];
}

/**
 * Re-decides every order paid in [from, to) from one pass over the whole log, in log order. Each order is
 * decided when its OrderPaid is met, with what the write side had then — the visitor's clicks recorded
 * before it, the affiliates and products as they were — and the re-attribution's rules instead of the
 * program's: only the rules change, so re-deciding under unchanged rules changes nothing (the rate stays
 * locked at order time, a later suspension takes nothing back). `attributeOrder` decides, as on the write side.
 *
 * Memory: the affiliates, the products, the human clicks that can fall in a cookie window of the range
 * (compact), and one small entry per order of the range. Mutable, like the ledger, for the same reason.
 */
export class ReattributionScan {
  private readonly fromMs: number;
  private readonly toMs: number;
  /** Clicks before this cannot be in the cookie window of any order of the range. */
  private readonly oldestClickMs: number;
  private readonly affiliates = new Map<string, AffiliateState>();
  private readonly products = new Map<string, Product>();
  private readonly clicks = new Map<string, Click[]>();
  private readonly orders = new Map<string, ScannedOrder>();
  private readonly interned = new Map<string, string>();
  /** Who holds each promotion code, as the log says so far. */
  private readonly promoHolders = new Map<string, string | null>();
  /** Each subscription's binding: re-decided when its checkout is in the range, else as recorded. */
  private readonly bindings = new Map<string, SubscriptionBound['data']>();
  private readonly reboundSubscriptions = new Set<string>();
  /** Invoices of the range met before their subscription's binding: decided when it comes (as the write side does). */
  private readonly invoicesAwaitingBinding = new Map<
    string,
    { paid: OrderPaid['data']; subscription: { subscriptionId: string; ordinal: number } }[]
  >();

  constructor(
    private readonly key: ReattributionPlanKey,
    private readonly reattributionId: string,
    /** The program version the rules derive from: the new attributions record it. */
    private readonly rulesVersion: number,
  ) {
    this.fromMs = Date.parse(key.from);
    this.toMs = Date.parse(key.to);
    this.oldestClickMs = this.fromMs - key.rules.cookieWindowDays * DAY;
  }

  /** Feeds one event of the log; events must come in log order. Types it does not need are skipped. */
  observe(event: { type: string; data: unknown }): void {
    switch (event.type) {
      case 'ClickRecorded':
        return this.onClick(event.data as Click);
      case 'OrderPaid':
        return this.onOrderPaid(event.data as OrderPaid['data']);
      case 'OrderReattributed':
        return this.onOrderReattributed(event.data as OrderReattributed['data']);
      case 'ProductListed': {
        const { occurredAt: _at, ...product } = event.data as ProductListed['data'];
        this.products.set(product.productId, product);
        return;
      }
      case 'PromoCodeClaimed':
      case 'PromoCodeReleased': {
        const change = event as PromoCodeEvent;
        this.promoHolders.set(
          change.data.promoCode,
          evolvePromoCodeHolder(this.promoHolders.get(change.data.promoCode) ?? null, change),
        );
        return;
      }
      case 'SubscriptionBound':
        return this.onSubscriptionBound(event.data as SubscriptionBound['data']);
      case 'OrderAttributed': {
        const order = this.orders.get((event.data as OrderAttributed['data']).orderId);
        if (order && !order.applied)
          order.before = summaryOf((event.data as OrderAttributed['data']).attribution);
        return;
      }
      case 'AffiliateRegistered':
      case 'PromoCodesSet':
      case 'AffiliateUpdated': {
        const change = event as AffiliateEvent;
        const affiliateId = change.data.affiliateId;
        const next = evolveAffiliate(this.affiliates.get(affiliateId) ?? null, change);
        if (next) this.affiliates.set(affiliateId, next);
        return;
      }
      default:
        return;
    }
  }

  plan(): ReattributionPlan {
    const changes: PlannedChange[] = [];
    for (const order of this.orders.values()) {
      const after = summaryOf(order.after);
      if (order.applied || isChange(order.before, after)) {
        changes.push({
          orderId: order.orderId,
          before: order.before,
          after,
          attribution: order.after,
          applied: order.applied,
        });
      }
    }
    changes.sort((a, b) => (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0));
    const outstanding = changes
      .filter((change) => !change.applied)
      .map(({ orderId, before, after }) => ({ orderId, before, after }));
    const bindings = [...this.reboundSubscriptions].sort().map((subscriptionId) => {
      const binding = this.bindings.get(subscriptionId);
      assert(binding, `a rebound subscription (${subscriptionId}) has its binding`);
      return binding;
    });
    return { ordersExamined: this.orders.size, changes, outstanding, bindings };
  }

  private onClick(click: Click): void {
    if (click.bot) return;
    const at = Date.parse(click.occurredAt);
    // An order's own click may follow its payment by the clock-skew tolerance.
    if (at < this.oldestClickMs || at >= this.toMs + DEFAULT_CLICK_SKEW_MS) return;
    let ofVisitor = this.clicks.get(click.visitorId);
    if (!ofVisitor) this.clicks.set(click.visitorId, (ofVisitor = []));
    // Only what attribution reads; the visitor and affiliate strings are shared, the rest dropped.
    ofVisitor.push({
      clickId: click.clickId,
      visitorId: ofVisitor[0]?.visitorId ?? click.visitorId,
      affiliateId: this.intern(click.affiliateId),
      refCode: '',
      linkKind: this.intern(click.linkKind) as LinkKind,
      ...(click.campaign ? { campaign: this.intern(click.campaign) } : {}),
      bot: false,
      ipHash: '',
      occurredAt: click.occurredAt,
    });
  }

  private onOrderPaid(paid: OrderPaid['data']): void {
    const paidAt = Date.parse(paid.paidAt);
    if (paidAt < this.fromMs || paidAt >= this.toMs || this.orders.has(paid.orderId)) return;
    if (paid.subscription) return this.onInvoicePaid(paid, paid.subscription);
    const promoCode = paid.promoCode
      ? { code: paid.promoCode, owner: this.promoCodeOwner(paid.promoCode) }
      : undefined;
    const decision = attributeOrder({
      order: {
        paidAt: paid.paidAt,
        lines: paid.lines,
        ...(paid.customerEmailHash ? { customerEmailHash: paid.customerEmailHash } : {}),
        ...(paid.clickId ? { clickId: paid.clickId } : {}),
      },
      clicks: (paid.visitorId && this.clicks.get(paid.visitorId)) || [],
      clickSkewMs: DEFAULT_CLICK_SKEW_MS,
      rules: this.key.rules,
      rulesVersion: this.rulesVersion,
      affiliates: this.affiliates,
      products: this.products,
      ...(promoCode ? { promoCode } : {}),
    });
    this.orders.set(paid.orderId, {
      orderId: paid.orderId,
      before: summaryOf(paid.attribution),
      after: decision.attribution,
      applied: false,
    });
  }

  private onOrderReattributed(change: OrderReattributed['data']): void {
    const order = this.orders.get(change.orderId);
    if (!order || order.applied) return;
    if (change.reattributionId === this.reattributionId) {
      order.applied = true;
      order.after = change.attribution;
    } else order.before = summaryOf(change.attribution);
  }

  /** A subscription's invoice: through its binding, within `recurringPayments`, as `attributeInvoice` decides on the write side. */
  private onInvoicePaid(
    paid: OrderPaid['data'],
    subscription: { subscriptionId: string; ordinal: number },
  ): void {
    const { subscriptionId, ordinal } = subscription;
    const bound = this.bindings.get(subscriptionId) ?? null;
    const before = summaryOf(paid.attribution);
    if (!bound) {
      this.orders.set(paid.orderId, { orderId: paid.orderId, before, after: null, applied: false });
      this.invoicesAwaitingBinding.set(subscriptionId, [
        ...(this.invoicesAwaitingBinding.get(subscriptionId) ?? []),
        { paid, subscription },
      ]);
      return;
    }
    const decision = attributeInvoice({
      order: { paidAt: paid.paidAt, lines: paid.lines },
      subscriptionId,
      bound,
      ordinal,
      rules: this.key.rules,
      rulesVersion: this.rulesVersion,
      affiliates: this.affiliates,
      products: this.products,
    });
    const known = this.orders.get(paid.orderId);
    this.orders.set(paid.orderId, {
      orderId: paid.orderId,
      before: known?.before ?? before,
      after: decision.attribution,
      applied: known?.applied ?? false,
    });
  }

  private onSubscriptionBound(recorded: SubscriptionBound['data']): void {
    if (this.bindings.has(recorded.subscriptionId)) return;
    const boundAt = Date.parse(recorded.boundAt);
    let bound = recorded;
    if (boundAt >= this.fromMs && boundAt < this.toMs) {
      bound = redecideBinding(recorded, {
        clicks: (recorded.visitorId && this.clicks.get(recorded.visitorId)) || [],
        rules: this.key.rules,
        rulesVersion: this.rulesVersion,
        affiliates: this.affiliates,
        promoCodeOwner: recorded.promoCode ? this.promoCodeOwner(recorded.promoCode) : null,
      });
      if (!sameBinding(bound.binding, recorded.binding))
        this.reboundSubscriptions.add(recorded.subscriptionId);
    }
    this.bindings.set(recorded.subscriptionId, bound);
    for (const { paid, subscription } of this.invoicesAwaitingBinding.get(
      recorded.subscriptionId,
    ) ?? [])
      this.onInvoicePaid(paid, subscription);
    this.invoicesAwaitingBinding.delete(recorded.subscriptionId);
  }

  private promoCodeOwner(code: string): string | null {
    const holder = this.promoHolders.get(code) ?? null;
    return promoCodeOwner(code, holder, holder ? this.affiliates.get(holder) : null);
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }
}
