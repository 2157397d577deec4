import { CHARGE_LINES, sum } from '@threadtrak/ledger';
import Stripe from 'stripe';
import {
  invoiceOrderLines,
  promotionCodesOfSession,
  sessionOrderLines,
  subscriptionOfInvoice,
} from '../../src/stripe/order-lines';
import { checkoutSession, discount, invoice, invoiceLine, lineItem } from './fixtures';

const catalog = new Map([
  ['price_tee', 'tee'],
  ['price_mug', 'mug'],
  ['prod_cap', 'cap'],
]);
const match = (priceId: string | null, productId: string | null) =>
  (priceId && catalog.get(priceId)) || (productId && catalog.get(productId)) || undefined;

describe('Stripe parsing, against the stripe package types', () => {
  it('a cart of three products earns on subtotal less discount; tax and shipping become lines that never earn', () => {
    const items = [
      lineItem({
        priceId: 'price_tee',
        productId: 'prod_tee',
        quantity: 2,
        amount_subtotal: 4000,
        amount_discount: 400,
        amount_tax: 288,
        amount_total: 3888,
      }),
      lineItem({
        priceId: 'price_mug',
        productId: 'prod_mug',
        quantity: 1,
        amount_subtotal: 1500,
        amount_discount: 150,
        amount_tax: 108,
        amount_total: 1458,
      }),
      // No listed price: matched by its Stripe product.
      lineItem({
        priceId: 'price_cap_new',
        productId: 'prod_cap',
        quantity: 3,
        amount_subtotal: 4500,
        amount_discount: 450,
        amount_tax: 324,
        amount_total: 4374,
      }),
    ];
    const session = checkoutSession({
      amount_subtotal: 10_000,
      amount_total: 3888 + 1458 + 4374 + 700,
      total_details: { amount_discount: 1000, amount_shipping: 700, amount_tax: 720 },
    });
    const lines = sessionOrderLines(items, session, match);
    expect(lines).toEqual([
      { productId: 'tee', quantity: 2, amountCents: 3600 },
      { productId: 'mug', quantity: 1, amountCents: 1350 },
      { productId: 'cap', quantity: 3, amountCents: 4050 },
      { productId: CHARGE_LINES.shipping, quantity: 1, amountCents: 700 },
      { productId: CHARGE_LINES.tax, quantity: 1, amountCents: 720 },
    ]);
    expect(sum(lines.map((line) => line.amountCents))).toBe(session.amount_total);
  });

  it('a line no listed product matches is kept under its Stripe price id', () => {
    const lines = sessionOrderLines(
      [
        lineItem({
          priceId: 'price_gift',
          productId: 'prod_gift',
          amount_subtotal: 500,
          amount_total: 500,
        }),
      ],
      checkoutSession({ amount_total: 500 }),
      match,
    );
    expect(lines).toEqual([{ productId: 'stripe:price_gift', quantity: 1, amountCents: 500 }]);
  });

  it('prices that include their tax leave no tax line', () => {
    const item = lineItem({
      priceId: 'price_tee',
      productId: 'prod_tee',
      amount_subtotal: 1200,
      amount_tax: 200,
      amount_total: 1200,
    });
    const session = checkoutSession({
      amount_total: 1200,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 200 },
    });
    expect(sessionOrderLines([item], session, match)).toEqual([
      { productId: 'tee', quantity: 1, amountCents: 1200 },
    ]);
  });

  it('an invoice line earns on its amount less its discounts; the invoice names its subscription', () => {
    const paid = invoice({ total: 1980, subtotal: 2000 });
    const line = invoiceLine({
      priceId: 'price_plan',
      productId: 'prod_cap',
      amount: 2000,
      discount_amounts: [{ amount: 200, discount: 'di_1' }],
    });
    expect(invoiceOrderLines([line], paid, match)).toEqual([
      { productId: 'cap', quantity: 1, amountCents: 1800 },
      { productId: CHARGE_LINES.tax, quantity: 1, amountCents: 180 },
    ]);
    expect(subscriptionOfInvoice(paid)).toBe('sub_test_1');
    expect(subscriptionOfInvoice(invoice({ parent: null }))).toBeNull();
  });

  it('promotion codes come from the session discounts and the total details breakdown, each once', () => {
    const session = checkoutSession({
      discounts: [{ coupon: null, promotion_code: 'promo_1' }],
      total_details: {
        amount_discount: 100,
        amount_shipping: 0,
        amount_tax: 0,
        breakdown: {
          discounts: [
            { amount: 100, discount: discount('promo_1') },
            { amount: 0, discount: discount('promo_2') },
          ],
          taxes: [],
        },
      },
    });
    expect(promotionCodesOfSession(session)).toEqual(['promo_1', 'promo_2']);
    expect(
      promotionCodesOfSession(checkoutSession({ discounts: null, total_details: null })),
    ).toEqual([]);
  });

  it('a signed checkout.session.completed event parses back into the typed session', () => {
    const stripe = new Stripe('sk_test_contract');
    const session = checkoutSession({ client_reference_id: 'click-1' });
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      api_version: '2026-10-28.endive',
      created: 1_767_960_000,
      data: { object: session },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'checkout.session.completed',
    });
    const header = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_contract' });
    const event = stripe.webhooks.constructEvent(payload, header, 'whsec_contract');
    if (event.type !== 'checkout.session.completed') throw new Error(`parsed as ${event.type}`);
    expect(event.data.object).toMatchObject({
      client_reference_id: 'click-1',
      mode: 'payment',
      payment_status: 'paid',
      payment_intent: 'pi_test_1',
    });
  });
});
