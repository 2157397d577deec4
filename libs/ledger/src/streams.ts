/** Where each event lives. One stream per consistency boundary. */
export const streams = {
  program: () => 'program',
  product: (productId: string) => `product-${productId}`,
  affiliate: (affiliateId: string) => `affiliate-${affiliateId}`,
  refCode: (refCode: string) => `refcode-${refCode}`,
  /** Portal access: invites and the password. */
  access: (affiliateId: string) => `access-${affiliateId}`,
  visitor: (visitorId: string) => `visitor-${visitorId}`,
  order: (orderId: string) => `order-${orderId}`,
  /** The affiliate's money: commissions, reversals, payouts. */
  ledger: (affiliateId: string) => `ledger-${affiliateId}`,
  reattribution: (reattributionId: string) => `reattribution-${reattributionId}`,
} as const;
