import { CHARGE_LINES, sum, type OrderLine } from '@threadtrak/ledger';
import type Stripe from 'stripe';
import { idOf } from './stripe-reads';

/** Our product id of a Stripe line: by price id, else by Stripe product id; undefined when none is listed. */
export type ProductOfStripeLine = (
  priceId: string | null,
  stripeProductId: string | null,
) => string | undefined;

/**
 * A line no listed product matches keeps its Stripe id (`stripe:price_…`) and earns nothing
 * (`unknown_product`); the `:` keeps it apart from every catalog product id.
 */
const lineProduct = (
  match: ProductOfStripeLine,
  priceId: string | null,
  stripeProductId: string | null,
): string =>
  match(priceId, stripeProductId) ?? `stripe:${priceId ?? stripeProductId ?? 'unpriced'}`;

/**
 * A paid Checkout Session's lines: one per line item, its commission base `amount_subtotal − amount_discount`,
 * then what the customer paid on top (shipping, tax) as lines that never earn, so the order's total is the
 * payment's and a refund of the charge maps onto the order one to one.
 */
export const sessionOrderLines = (
  items: readonly Stripe.LineItem[],
  session: Pick<Stripe.Checkout.Session, 'amount_total' | 'total_details'>,
  match: ProductOfStripeLine,
): OrderLine[] => {
  const lines = items.map((item) => ({
    productId: lineProduct(
      match,
      item.price?.id ?? null,
      item.price ? idOf(item.price.product) : null,
    ),
    quantity: item.quantity ?? 1,
    amountCents: item.amount_subtotal - item.amount_discount,
  }));
  return [
    ...lines,
    ...chargeLines(session.amount_total ?? 0, lines, session.total_details?.amount_shipping ?? 0),
  ];
};

/**
 * A paid invoice's lines: the base of each is its `amount` less its discounts; tax and shipping as in a session.
 * The invoice's `total` is what its payment charged.
 */
export const invoiceOrderLines = (
  items: readonly Stripe.InvoiceLineItem[],
  invoice: Pick<Stripe.Invoice, 'total' | 'amount_shipping'>,
  match: ProductOfStripeLine,
): OrderLine[] => {
  const lines = items.map((item) => {
    const details = item.pricing?.price_details;
    return {
      productId: lineProduct(match, details ? idOf(details.price) : null, details?.product ?? null),
      quantity: item.quantity ?? 1,
      amountCents:
        item.amount - sum((item.discount_amounts ?? []).map((discount) => discount.amount)),
    };
  });
  return [...lines, ...chargeLines(invoice.total, lines, invoice.amount_shipping)];
};

/** What was paid beyond the lines' bases: shipping as given, the rest tax (0 when prices include their tax). */
const chargeLines = (
  totalCents: number,
  lines: readonly OrderLine[],
  shippingCents: number,
): OrderLine[] => {
  const beyond = totalCents - sum(lines.map((line) => line.amountCents));
  const shipping = Math.min(Math.max(shippingCents, 0), Math.max(beyond, 0));
  const tax = beyond - shipping;
  return [
    ...(shipping > 0
      ? [{ productId: CHARGE_LINES.shipping, quantity: 1, amountCents: shipping }]
      : []),
    ...(tax !== 0 ? [{ productId: CHARGE_LINES.tax, quantity: 1, amountCents: tax }] : []),
  ];
};

/** The promotion codes a session's discounts name (ids `promo_…`, or the objects when expanded). */
export const promotionCodesOfSession = (
  session: Pick<Stripe.Checkout.Session, 'discounts' | 'total_details'>,
): (string | Stripe.PromotionCode)[] => {
  const named = [
    ...(session.discounts ?? []).map((discount) => discount.promotion_code),
    ...(session.total_details?.breakdown?.discounts ?? []).map(
      (entry) => entry.discount.promotion_code,
    ),
  ].filter((code): code is string | Stripe.PromotionCode => code !== null);
  const seen = new Set<string>();
  return named.filter((code) => {
    const id = typeof code === 'string' ? code : code.id;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
};

/** The subscription an invoice bills, if it is a subscription's. */
export const subscriptionOfInvoice = (invoice: Pick<Stripe.Invoice, 'parent'>): string | null =>
  idOf(invoice.parent?.subscription_details?.subscription);
