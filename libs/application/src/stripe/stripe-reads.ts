import type Stripe from 'stripe';

/** An order is at most this many lines (the API's rule); a longer list is refused, not truncated. */
export const MAX_ORDER_LINES = 500;

/** What the webhook handling asks Stripe, through the real `stripe` client (a port, so specs can count calls). */
export interface StripeReads {
  /** Every line item of a Checkout Session, all pages; at most MAX_ORDER_LINES + 1 (one more says "too many"). */
  sessionLineItems(sessionId: string): Promise<Stripe.LineItem[]>;
  /** Every line of an invoice, all pages; same bound. */
  invoiceLines(invoiceId: string): Promise<Stripe.InvoiceLineItem[]>;
  /** The customer-facing code (`ANN10`) of a promotion code id (`promo_…`). */
  promotionCode(promotionCodeId: string): Promise<string>;
  /** The invoice a PaymentIntent paid, if any: charges and disputes name the PaymentIntent only. */
  invoiceOfPaymentIntent(paymentIntentId: string): Promise<string | null>;
  /** The Checkout Session that created a subscription, if one did. */
  sessionOfSubscription(subscriptionId: string): Promise<Stripe.Checkout.Session | null>;
}

const PAGE = 100;
const BOUND = { limit: MAX_ORDER_LINES + 1 };

export const stripeReads = (stripe: Stripe): StripeReads => ({
  sessionLineItems: (sessionId) =>
    stripe.checkout.sessions.listLineItems(sessionId, { limit: PAGE }).autoPagingToArray(BOUND),
  invoiceLines: (invoiceId) =>
    stripe.invoices.listLineItems(invoiceId, { limit: PAGE }).autoPagingToArray(BOUND),
  promotionCode: async (promotionCodeId) =>
    (await stripe.promotionCodes.retrieve(promotionCodeId)).code,
  invoiceOfPaymentIntent: async (paymentIntentId) => {
    const payments = await stripe.invoicePayments.list({
      payment: { type: 'payment_intent', payment_intent: paymentIntentId },
      limit: 1,
    });
    const invoice = payments.data[0]?.invoice;
    return invoice === undefined ? null : idOf(invoice);
  },
  sessionOfSubscription: async (subscriptionId) => {
    const sessions = await stripe.checkout.sessions.list({
      subscription: subscriptionId,
      status: 'complete',
      limit: 1,
    });
    return sessions.data[0] ?? null;
  },
});

/** Stripe fields hold an id or, when expanded, the object. */
export const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);
