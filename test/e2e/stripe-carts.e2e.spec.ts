import { checkoutSession, lineItem } from '../../libs/application/test/stripe/fixtures';
import { startStripeWorld, type StripeWorld } from './stripe-world';

describe('Stripe carts: a paid session becomes an order of its line items', () => {
  let world: StripeWorld;
  let jane: string;
  jest.setTimeout(60_000);

  beforeEach(async () => {
    world = await startStripeWorld();
    const { app } = world;
    await app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
    await app.call('PUT', '/v1/admin/products/tee', {
      body: {
        name: 'Tee',
        url: 'https://shop.test/tee',
        stripePriceId: 'price_tee',
        eligible: true,
      },
    });
    await app.call('PUT', '/v1/admin/products/mug', {
      body: {
        name: 'Mug',
        url: 'https://shop.test/mug',
        stripePriceId: 'price_mug',
        eligible: true,
      },
    });
    const cap = await app.call('PUT', '/v1/admin/products/cap', {
      body: {
        name: 'Cap',
        url: 'https://shop.test/cap',
        stripeProductId: 'prod_cap',
        eligible: true,
      },
    });
    expect(cap.body).toMatchObject({ productId: 'cap', stripeProductId: 'prod_cap' });
    jane = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body.affiliateId;
  });
  afterEach(() => world.close());

  /** Tee ×2, mug, cap ×3 (matched by its Stripe product), 10 % off, 8 % tax, 7.00 shipping: 107.20 paid. */
  const cartSession = (id: string, paymentIntent: string, clickId: string) => {
    world.stripe.commerce.sessionLineItems.set(id, [
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
      lineItem({
        priceId: 'price_cap_summer',
        productId: 'prod_cap',
        quantity: 3,
        amount_subtotal: 4500,
        amount_discount: 450,
        amount_tax: 324,
        amount_total: 4374,
      }),
    ]);
    return checkoutSession({
      id,
      payment_intent: paymentIntent,
      client_reference_id: clickId,
      metadata: {},
      amount_subtotal: 10_000,
      amount_total: 10_420,
      total_details: { amount_discount: 1000, amount_shipping: 700, amount_tax: 720 },
    });
  };

  it('a 3-product cart with tax, shipping and a discount over 2 pages of line items earns on the discounted subtotals only', async () => {
    world.stripe.commerce.maxPageSize = 2;
    const session = cartSession('cs_cart_1', 'pi_cart_1', await world.click('jane'));
    const answer = await world.webhook('checkout.session.completed', session);
    expect(answer.status).toBe(200);
    // (3600 + 1350 + 4050) × 10 % = 900; tax (720) and shipping (700) earn nothing.
    expect(answer.body.order).toEqual({
      orderId: 'pi_cart_1',
      attributed: true,
      affiliateId: jane,
      commissionCents: 900,
    });
    const pages = world.stripe.requests.filter(
      (request) => request.path === '/v1/checkout/sessions/cs_cart_1/line_items',
    );
    expect(pages).toHaveLength(2);
    const explained = (await world.app.call('GET', '/v1/admin/orders/pi_cart_1')).body;
    expect(explained.order.totalCents).toBe(10_420);
    expect(
      explained.attribution.lines.map((line: any) => [
        line.productId,
        line.amountCents,
        line.commissionCents,
        line.outcome,
      ]),
    ).toEqual([
      ['tee', 3600, 360, 'earns'],
      ['mug', 1350, 135, 'earns'],
      ['cap', 4050, 405, 'earns'],
      ['charge:shipping', 700, 0, 'not_commissionable'],
      ['charge:tax', 720, 0, 'not_commissionable'],
    ]);
    expect(explained.order.lines.find((line: any) => line.productId === 'cap').quantity).toBe(3);
  });

  it("a partial refund of one cart line takes back that line's share; a charge refund takes back its proportion", async () => {
    await world.webhook(
      'checkout.session.completed',
      cartSession('cs_cart_2', 'pi_cart_2', await world.click('jane')),
    );
    const refund = await world.app.call('POST', '/v1/orders/pi_cart_2/refunds', {
      body: {
        refundId: 're_tee',
        refundedAt: '2026-01-11T00:00:00Z',
        lines: [{ productId: 'tee', amountCents: 1800 }],
      },
    });
    expect(refund.status).toBe(201);
    expect(await world.app.balances(jane)).toMatchObject({ earnedCents: 900, reversedCents: 180 });
    // Stripe refunds 5210 of the charge: spread over the 8620 left (7200 of it earning lines), it takes
    // 5210 × 7200 / 8620 ≈ 4352 of earning lines back, 10 % of which is 435.
    const charge = {
      id: 'ch_cart_2',
      object: 'charge',
      payment_intent: 'pi_cart_2',
      amount: 10_420,
      amount_refunded: 5210,
    };
    expect((await world.webhook('charge.refunded', charge)).status).toBe(200);
    expect(await world.app.balances(jane)).toMatchObject({
      earnedCents: 900,
      reversedCents: 180 + 435,
      pendingCents: 900 - 615,
    });
  });

  it('a line no listed product matches is kept as unknown_product and earns nothing', async () => {
    world.stripe.commerce.sessionLineItems.set('cs_gift', [
      lineItem({
        priceId: 'price_tee',
        productId: 'prod_tee',
        amount_subtotal: 2000,
        amount_total: 2000,
      }),
      lineItem({
        priceId: 'price_gift',
        productId: 'prod_gift',
        amount_subtotal: 3000,
        amount_total: 3000,
      }),
    ]);
    const session = checkoutSession({
      id: 'cs_gift',
      payment_intent: 'pi_gift',
      client_reference_id: await world.click('jane'),
      amount_total: 5000,
    });
    const answer = await world.webhook('checkout.session.completed', session);
    expect(answer.body.order).toMatchObject({ attributed: true, commissionCents: 200 });
    const explained = (await world.app.call('GET', '/v1/admin/orders/pi_gift')).body;
    expect(explained.attribution.lines[1]).toMatchObject({
      productId: 'stripe:price_gift',
      amountCents: 3000,
      commissionCents: 0,
      outcome: 'unknown_product',
    });
  });

  // One rule for both doors (checkOrderRules in the RecordOrder command's handler). A webhook that a rule
  // refuses is acknowledged with 200 and `refused`: the same event would be refused again, so Stripe must
  // not retry it for days.
  it('an order paid more than 5 minutes ahead is refused at both doors: 400 from the API, acknowledged and refused from Stripe; nothing recorded', async () => {
    const before = await world.app.head();
    const paidAt = '2026-01-10T12:10:00Z';
    const viaApi = await world.app.call('POST', '/v1/orders', {
      body: {
        orderId: 'pi_future',
        paidAt,
        currency: 'USD',
        lines: [{ productId: 'tee', quantity: 1, amountCents: 1000 }],
      },
    });
    expect([viaApi.status, viaApi.body.error.code]).toEqual([400, 'validation_failed']);
    expect(viaApi.body.error.message).toContain('paidAt is more than 5 minutes in the future');
    const future = checkoutSession({
      id: 'cs_future',
      payment_intent: 'pi_future',
      amount_total: 1000,
    });
    world.stripe.commerce.sessionLineItems.set('cs_future', [
      lineItem({ priceId: 'price_tee', productId: 'prod_tee' }),
    ]);
    const created = Math.floor(Date.parse(paidAt) / 1000);
    for (const delivery of [1, 2]) {
      const answer = await world.webhook('checkout.session.completed', future, { created });
      expect([delivery, answer.status, answer.body.received]).toEqual([delivery, 200, true]);
      expect(answer.body.refused.code).toBe('order_rules');
      expect(answer.body.refused.message).toContain('paidAt is more than 5 minutes in the future');
    }
    expect(await world.app.head()).toBe(before);
    expect((await world.app.call('GET', '/v1/admin/orders/pi_future')).status).toBe(404);
  });

  it('a cart of more than 500 lines is acknowledged and refused, and records nothing', async () => {
    const before = await world.app.head();
    world.stripe.commerce.sessionLineItems.set(
      'cs_huge',
      Array.from({ length: 501 }, (_, i) =>
        lineItem({
          priceId: `price_n${i}`,
          productId: 'prod_x',
          amount_subtotal: 1,
          amount_total: 1,
        }),
      ),
    );
    const huge = await world.webhook(
      'checkout.session.completed',
      checkoutSession({ id: 'cs_huge', payment_intent: 'pi_huge', amount_total: 501 }),
    );
    expect([huge.status, huge.body.refused?.code]).toEqual([200, 'order_rules']);
    expect(await world.app.head()).toBe(before);
  });

  // Issue 11, point 7: a signed event used to write a negative commission from a negative amount.
  it('a correctly signed event with a negative line or dispute amount is acknowledged and refused, and records nothing', async () => {
    const before = await world.app.head();
    world.stripe.commerce.sessionLineItems.set('cs_negative', [
      lineItem({
        priceId: 'price_tee',
        productId: 'prod_tee',
        amount_subtotal: -5000,
        amount_total: -5000,
      }),
    ]);
    const negative = await world.webhook(
      'checkout.session.completed',
      checkoutSession({
        id: 'cs_negative',
        payment_intent: 'pi_negative',
        client_reference_id: await world.click('jane'),
        amount_total: -5000,
      }),
    );
    expect([negative.status, negative.body.refused?.code]).toEqual([200, 'order_rules']);
    const clickedAt = await world.app.head();
    const dispute = {
      id: 'dp_negative',
      object: 'dispute',
      payment_intent: 'pi_gift',
      status: 'lost',
      amount: -5000,
    };
    const disputed = await world.webhook('charge.dispute.closed', dispute);
    expect([disputed.status, disputed.body.refused?.code]).toEqual([200, 'invalid_amount']);
    expect(await world.app.head()).toBe(clickedAt);
    expect(clickedAt - before).toBe(1); // the click alone
  });
});
