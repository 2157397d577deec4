/** Where each event lives. One stream per consistency boundary. */
export const streams = {
  program: () => 'program',
  product: (productId: string) => `product-${productId}`,
  affiliate: (affiliateId: string) => `affiliate-${affiliateId}`,
  refCode: (refCode: string) => `refcode-${refCode}`,
  /** Who holds a promotion code (upper-case). */
  promoCode: (promoCode: string) => `promocode-${promoCode}`,
  /** A Stripe subscription's binding to an affiliate, and its paid invoices. */
  subscription: (subscriptionId: string) => `subscription-${subscriptionId}`,
  /** Portal access: invites and the password. */
  access: (affiliateId: string) => `access-${affiliateId}`,
  visitor: (visitorId: string) => `visitor-${visitorId}`,
  order: (orderId: string) => `order-${orderId}`,
  /** The affiliate's money: commissions, reversals, payouts. */
  ledger: (affiliateId: string) => `ledger-${affiliateId}`,
  reattribution: (reattributionId: string) => `reattribution-${reattributionId}`,
} as const;
