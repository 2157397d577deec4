import type Stripe from 'stripe';
import { fakeId, Reply } from './http-server';

/**
 * The commerce side of the fake Stripe: Checkout Sessions (created by our redirect, or seeded as if the
 * shop created them), their line items, promotion codes, invoice lines and invoice payments — read by
 * the real `stripe` client, paged as Stripe pages (`limit`, `starting_after`, `has_more`).
 */
export class FakeStripeCommerce {
  readonly sessions = new Map<string, Stripe.Checkout.Session>();
  readonly sessionLineItems = new Map<string, Stripe.LineItem[]>();
  readonly promotionCodes = new Map<string, Stripe.PromotionCode>();
  readonly invoiceLines = new Map<string, Stripe.InvoiceLineItem[]>();
  /** PaymentIntent → the invoice it paid. */
  readonly invoiceOfPaymentIntent = new Map<string, string>();
  /** Prices the redirect's sessions may name: their unit amount and Stripe product. */
  readonly prices = new Map<string, { unitAmount: number; product: string }>();
  /** Stripe caps a page at 100; a lower cap makes small lists span pages. */
  maxPageSize = 100;

  addPromotionCode(code: string): string {
    const id = fakeId('promo_');
    this.promotionCodes.set(id, {
      id,
      object: 'promotion_code',
      active: true,
      code,
      created: 1_767_000_000,
      customer: null,
      customer_account: null,
      expires_at: null,
      livemode: false,
      max_redemptions: null,
      metadata: {},
      promotion: { coupon: 'coupon_fake', type: 'coupon' },
      restrictions: {
        first_time_transaction: false,
        minimum_amount: null,
        minimum_amount_currency: null,
      },
      times_redeemed: 1,
    });
    return id;
  }

  /** Answers the commerce routes; null for a route it does not know. */
  handle(method: string, path: string, params: Record<string, string>): Reply | null {
    let match: RegExpExecArray | null;
    if (method === 'POST' && path === '/v1/checkout/sessions')
      return { status: 200, body: this.createSession(params) };
    if (method === 'GET' && path === '/v1/checkout/sessions') {
      const found = [...this.sessions.values()].filter(
        (s) =>
          (!params.subscription || s.subscription === params.subscription) &&
          (!params.status || s.status === params.status),
      );
      return this.page(found, params, path);
    }
    if (
      method === 'GET' &&
      (match = /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/.exec(path))
    ) {
      const items = this.sessionLineItems.get(decodeURIComponent(match[1]!));
      return items ? this.page(items, params, path) : missing('checkout session', match[1]!);
    }
    if (method === 'GET' && (match = /^\/v1\/promotion_codes\/([^/]+)$/.exec(path))) {
      const code = this.promotionCodes.get(decodeURIComponent(match[1]!));
      return code ? { status: 200, body: code } : missing('promotion code', match[1]!);
    }
    if (method === 'GET' && (match = /^\/v1\/invoices\/([^/]+)\/lines$/.exec(path))) {
      const lines = this.invoiceLines.get(decodeURIComponent(match[1]!));
      return lines ? this.page(lines, params, path) : missing('invoice', match[1]!);
    }
    if (method === 'GET' && path === '/v1/invoice_payments') {
      const paymentIntent = params['payment[payment_intent]'];
      const invoice = paymentIntent ? this.invoiceOfPaymentIntent.get(paymentIntent) : undefined;
      const payments = invoice ? [invoicePayment(invoice, paymentIntent!)] : [];
      return this.page(payments, params, path);
    }
    return null;
  }

  private createSession(params: Record<string, string>): Stripe.Checkout.Session {
    const id = fakeId('cs_test_');
    const priceId = params['line_items[0][price]']!;
    const quantity = Number(params['line_items[0][quantity]'] ?? 1);
    const price = this.prices.get(priceId) ?? { unitAmount: 1000, product: fakeId('prod_') };
    const created = Math.floor(Date.now() / 1000);
    const session = {
      id,
      object: 'checkout.session',
      mode: params.mode,
      status: 'open',
      client_reference_id: params.client_reference_id ?? null,
      url: `https://checkout.stripe.test/c/pay/${id}`,
      metadata: {},
      created,
      expires_at: created + 24 * 3600,
    } as unknown as Stripe.Checkout.Session;
    this.sessions.set(id, session);
    this.sessionLineItems.set(id, [
      lineItem(priceId, price.product, quantity, price.unitAmount * quantity),
    ]);
    return session;
  }

  private page<T extends { id: string }>(
    all: readonly T[],
    params: Record<string, string>,
    url: string,
  ): Reply {
    const limit = Math.min(Number(params.limit ?? 10), this.maxPageSize);
    const start = params.starting_after
      ? all.findIndex((item) => item.id === params.starting_after) + 1
      : 0;
    const data = all.slice(start, start + limit);
    return {
      status: 200,
      body: { object: 'list', data, has_more: start + limit < all.length, url },
    };
  }
}

/** A Checkout line item in Stripe's shape. */
export const lineItem = (
  priceId: string,
  productId: string,
  quantity: number,
  subtotal: number,
  extra: { discount?: number; tax?: number } = {},
): Stripe.LineItem => ({
  id: fakeId('li_'),
  object: 'item',
  adjustable_quantity: null,
  amount_discount: extra.discount ?? 0,
  amount_subtotal: subtotal,
  amount_tax: extra.tax ?? 0,
  amount_total: subtotal - (extra.discount ?? 0) + (extra.tax ?? 0),
  currency: 'usd',
  description: null,
  metadata: null,
  price: {
    id: priceId,
    object: 'price',
    product: productId,
    unit_amount: Math.round(subtotal / quantity),
    currency: 'usd',
  } as Stripe.Price,
  quantity,
});

const invoicePayment = (invoice: string, paymentIntent: string) =>
  ({
    id: fakeId('inpay_'),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: 0,
    created: 1_767_000_000,
    currency: 'usd',
    invoice,
    is_default: true,
    livemode: false,
    payment: { type: 'payment_intent', payment_intent: paymentIntent },
    status: 'paid',
    status_transitions: { canceled_at: null, paid_at: 1_767_000_000 },
  }) satisfies Stripe.InvoicePayment;

const missing = (what: string, id: string): Reply => ({
  status: 404,
  body: {
    error: {
      type: 'invalid_request_error',
      code: 'resource_missing',
      message: `No such ${what}: '${decodeURIComponent(id)}'`,
      param: 'id',
    },
  },
});
