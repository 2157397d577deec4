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
