import type { EventStore, RecordedEvent, Subscription } from '@threadtrak/event-store';
import {
  DEFAULT_RULES,
  evolveAffiliate,
  type AffiliateEvent,
  type AffiliateState,
  type Product,
  type ProgramRules,
} from '@threadtrak/ledger';

/**
 * Affiliates by id and ref code, products by id and the cookie window, kept live in memory from the log. Serves the redirect
 * (which must not read streams per click) and admin listings. Attribution never reads it: it reads streams.
 */
export class Directory {
  private readonly affiliates = new Map<string, AffiliateState>();
  private readonly byRefCode = new Map<string, string>();
  private readonly products = new Map<string, Product>();
  /** Stripe price id and Stripe product id → our product id: how a Stripe line finds its product. */
  private readonly byStripeId = new Map<string, string>();
  private subscription: Subscription | null = null;
  /** Of the rules in force: how long the visitor cookie lives. */
  private cookieWindow = DEFAULT_RULES.cookieWindowDays;
  private position = 0;

  constructor(private readonly store: EventStore) {}

  /** Catches up with the log, then stays live. */
  async start(): Promise<void> {
    for await (const event of this.store.readAll()) this.apply(event);
    this.subscription = this.store.subscribeToAll(
      async (events) => events.forEach((event) => this.apply(event)),
      { after: this.position },
    );
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  affiliate(affiliateId: string): AffiliateState | undefined {
    return this.affiliates.get(affiliateId);
  }

  affiliateByRefCode(refCode: string): AffiliateState | undefined {
    const affiliateId = this.byRefCode.get(refCode);
    return affiliateId ? this.affiliates.get(affiliateId) : undefined;
  }

  product(productId: string): Product | undefined {
    return this.products.get(productId);
  }

  /** The listed product of a Stripe line: by its price id, else by its Stripe product id. */
  productOfStripeLine(priceId: string | null, stripeProductId: string | null): string | undefined {
    return (
      (priceId ? this.byStripeId.get(priceId) : undefined) ??
      (stripeProductId ? this.byStripeId.get(stripeProductId) : undefined)
    );
  }

  allProducts(): Product[] {
    return [...this.products.values()];
  }

  cookieWindowDays(): number {
    return this.cookieWindow;
  }

  allAffiliates(): AffiliateState[] {
    return [...this.affiliates.values()];
  }

  /** Records what the write side just appended, so the next request of the same process sees it. */
  remember(
    event: AffiliateEvent | { type: 'ProductListed'; data: Product & { occurredAt: string } },
  ): void {
    this.applyData(event.type, event.data);
  }

  private apply(event: RecordedEvent): void {
    if (event.position <= this.position) return;
    this.position = event.position;
    this.applyData(event.type, event.data);
  }

  private applyData(type: string, data: unknown): void {
    switch (type) {
      case 'AffiliateRegistered':
      case 'AffiliateUpdated':
      case 'PayoutAccountSet':
      case 'ApiKeyIssued':
      case 'ApiKeyRevoked':
      case 'PromoCodesSet': {
        const event = { type, data } as AffiliateEvent;
        const affiliateId = (data as { affiliateId: string }).affiliateId;
        const next = evolveAffiliate(this.affiliates.get(affiliateId) ?? null, event);
        if (next) {
          this.affiliates.set(affiliateId, next);
          this.byRefCode.set(next.refCode, affiliateId);
        }
        return;
      }
      case 'ProgramRulesChanged':
        this.cookieWindow = (data as ProgramRules).cookieWindowDays;
        return;
      case 'ProductListed': {
        const { occurredAt: _at, ...product } = data as Product & { occurredAt: string };
        const before = this.products.get(product.productId);
        for (const id of [before?.stripePriceId, before?.stripeProductId])
          if (id && this.byStripeId.get(id) === product.productId) this.byStripeId.delete(id);
        this.products.set(product.productId, product);
        for (const id of [product.stripePriceId, product.stripeProductId])
          if (id) this.byStripeId.set(id, product.productId);
        return;
      }
    }
  }
}
