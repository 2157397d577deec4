import type { Product } from '@threadtrak/ledger';
import type Stripe from 'stripe';

/** A shopper never waits longer than this for Stripe before landing on the product's checkout page. */
const STRIPE_TIMEOUT_MS = 3_000;

export interface SessionRequest {
  product: Product & { stripePriceId: string };
  clickId: string;
  visitorId: string;
  affiliateId: string;
}

/**
 * Stripe Checkout Sessions for purchase links. One session per visitor, product and affiliate is reused
 * while Stripe keeps it open (until its `expires_at`, less a minute of margin): a shopper who clicks the
 * same link five times gets one session, not five. The affiliate is part of the key because a session
 * names its click (`client_reference_id`): another affiliate's link must not reuse it.
 * Any failure (a 4xx, 429, 5xx, or no answer within STRIPE_TIMEOUT_MS) gives null: the caller sends the
 * shopper to the product's own checkout page. Per api process, in memory, bounded.
 */
export class CheckoutSessions {
  private readonly open = new Map<string, { url: string; expiresAtMs: number }>();

  constructor(
    private readonly stripe: Stripe,
    private readonly now: () => number = Date.now,
    private readonly maxSessions = 50_000,
  ) {}

  async urlFor(request: SessionRequest): Promise<string | null> {
    const key = `${request.visitorId}|${request.product.productId}|${request.affiliateId}`;
    const known = this.open.get(key);
    if (known && known.expiresAtMs - REUSE_MARGIN_MS > this.now()) return known.url;
    try {
      const session = await this.stripe.checkout.sessions.create({
        mode: 'payment',
        line_items: [{ price: request.product.stripePriceId, quantity: 1 }],
        client_reference_id: request.clickId,
        metadata: {
          productId: request.product.productId,
          clickId: request.clickId,
          visitorId: request.visitorId,
        },
        success_url: request.product.url,
        cancel_url: request.product.url,
      });
      if (!session.url) return null;
      if (this.open.size >= this.maxSessions) this.open.delete(this.open.keys().next().value!);
      this.open.delete(key);
      this.open.set(key, { url: session.url, expiresAtMs: session.expires_at * 1000 });
      return session.url;
    } catch {
      return null;
    }
  }
}

const REUSE_MARGIN_MS = 60_000;

/** The client options that bound a purchase link's wait: one try, STRIPE_TIMEOUT_MS. */
export const STRIPE_CHECKOUT_OPTIONS = {
  timeout: STRIPE_TIMEOUT_MS,
  maxNetworkRetries: 0,
} as const;
