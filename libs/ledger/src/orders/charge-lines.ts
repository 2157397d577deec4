/**
 * Lines of an order that are not products: what the customer paid for tax and shipping. They keep the
 * order's total equal to the payment (so a provider's refund of the payment maps onto the order one to
 * one) and never earn. Their ids contain `:`, which no catalog product id may.
 */
export const CHARGE_LINES = { tax: 'charge:tax', shipping: 'charge:shipping' } as const;

export const isChargeLine = (productId: string): boolean => productId.startsWith('charge:');
