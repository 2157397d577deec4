import type { Decider } from '../decider';

export interface Product {
  productId: string;
  name: string;
  /** The product page: where a product deep link lands. */
  url: string;
  /** Where a purchase link lands when Stripe is not configured. */
  checkoutUrl?: string;
  stripePriceId?: string;
  /** A Stripe line whose price is not listed matches the product by its Stripe product id. */
  stripeProductId?: string;
  /** Ineligible products never earn commission. */
  eligible: boolean;
  /** Overrides the program's default rate for this product. */
  rateBps?: number;
}

/** The product as listed now; every change of the listing is a new ProductListed. */
export interface ProductListed {
  type: 'ProductListed';
  data: Product & { occurredAt: string };
}

export type ProductEvent = ProductListed;

/** The listing's fields, absent optional ones as null: what decides whether a listing changed. */
const listingOf = (product: Product) => ({
  productId: product.productId,
  name: product.name,
  url: product.url,
  checkoutUrl: product.checkoutUrl ?? null,
  stripePriceId: product.stripePriceId ?? null,
  stripeProductId: product.stripeProductId ?? null,
  eligible: product.eligible,
  rateBps: product.rateBps ?? null,
});

export interface ListProduct {
  type: 'ListProduct';
  product: Product;
  now: string;
}

/** The stream `product-{productId}`: the listing as it is now. An unchanged listing appends nothing. */
export const productDecider: Decider<Product | null, ListProduct, ProductEvent> = {
  initialState: () => null,
  evolve: (_listed, event) => {
    const { occurredAt: _at, ...product } = event.data;
    return product;
  },
  decide: ({ product, now }, listed) =>
    listed && JSON.stringify(listingOf(listed)) === JSON.stringify(listingOf(product))
      ? []
      : [{ type: 'ProductListed', data: { ...product, occurredAt: now } }],
};
