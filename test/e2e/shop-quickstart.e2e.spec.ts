import Stripe from 'stripe';
import { checkoutSession, lineItem } from '../../libs/application/test/stripe/fixtures';
import { startStripeWorld, type StripeWorld } from './stripe-world';

/** docs/shop-quickstart.md, step by step: a shop that creates its own Checkout Session. */
describe('the shop quickstart, followed literally', () => {
  let world: StripeWorld;
  jest.setTimeout(60_000);

  beforeEach(async () => {
    // Step 1: ThreadTrak configured with the shop's Stripe key and webhook secret (the world does it).
    world = await startStripeWorld();
    await world.app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
  });
  afterEach(() => world.close());

  it('a session the shop created with client_reference_id = tt_click earns the affiliate on every line', async () => {
    const { app, stripe } = world;
    stripe.commerce.prices.set('price_tee', { unitAmount: 2500, product: 'prod_tee' });
    // Step 2: products with their Stripe ids.
    expect(
      (
        await app.call('PUT', '/v1/admin/products/tee', {
          body: {
            name: 'Tee',
            url: 'https://shop.example/tee',
            stripePriceId: 'price_tee',
            stripeProductId: 'prod_tee',
            eligible: true,
          },
        })
      ).status,
    ).toBe(200);
    const ann = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Ann', email: 'ann@example.com', refCode: 'ann', productScope: 'all' },
      })
    ).body.affiliateId;

    // Step 3: the visitor follows Ann's link; the landing URL carries tt_click.
    const landing = await fetch(`${app.baseUrl}/r/ann`, {
      redirect: 'manual',
      headers: { 'user-agent': 'Mozilla/5.0 Firefox/130.0' },
    });
    const ttClick = new URL(landing.headers.get('location')!).searchParams.get('tt_click')!;
    expect(ttClick).toBeTruthy();

    // Step 4: the shop's server creates the session itself, tt_click as client_reference_id, no metadata.
    const shopStripe = new Stripe(stripe.secretKey, {
      host: '127.0.0.1',
      port: stripe.port,
      protocol: 'http',
    });
    const created = await shopStripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price: 'price_tee', quantity: 2 }],
      client_reference_id: ttClick,
      allow_promotion_codes: true,
      success_url: 'https://shop.example/thanks',
    });

    // Step 5: Stripe sends checkout.session.completed to POST /v1/webhooks/stripe once the customer paid.
    const completed = checkoutSession({
      id: created.id,
      client_reference_id: ttClick,
      payment_intent: 'pi_quickstart',
      metadata: {},
      amount_subtotal: 5000,
      amount_total: 5000,
    });
    const delivered = await world.webhook('checkout.session.completed', completed);
    expect(delivered.status).toBe(200);

    // Step 7: the order, attributed to Ann through her click: 2 × 25.00 at 10 %.
    const order = (await app.call('GET', '/v1/admin/orders/pi_quickstart')).body;
    expect(order).toMatchObject({
      attributed: true,
      commissionCents: 500,
      attribution: { affiliateId: ann, clickId: ttClick },
    });
    expect(order.order.lines).toEqual([{ productId: 'tee', quantity: 2, amountCents: 5000 }]);
  });

  it('step 6: a promotion code created in Stripe and given to the affiliate wins the session, without a click', async () => {
    const { app, stripe } = world;
    await app.call('PUT', '/v1/admin/products/tee', {
      body: {
        name: 'Tee',
        url: 'https://shop.example/tee',
        stripePriceId: 'price_tee',
        eligible: true,
      },
    });
    const ann = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Ann', email: 'ann@example.com', refCode: 'ann', productScope: 'all' },
      })
    ).body.affiliateId;
    const promotionCode = stripe.commerce.addPromotionCode('ANN10');
    expect(
      (await app.call('PATCH', `/v1/admin/affiliates/${ann}`, { body: { promoCodes: ['ANN10'] } }))
        .status,
    ).toBe(200);
    stripe.commerce.sessionLineItems.set('cs_code', [
      lineItem({
        priceId: 'price_tee',
        productId: 'prod_tee',
        amount_subtotal: 2500,
        amount_discount: 250,
        amount_total: 2250,
      }),
    ]);
    const completed = checkoutSession({
      id: 'cs_code',
      payment_intent: 'pi_code',
      amount_total: 2250,
      discounts: [{ coupon: null, promotion_code: promotionCode }],
    });
    expect((await world.webhook('checkout.session.completed', completed)).body.order).toEqual({
      orderId: 'pi_code',
      attributed: true,
      affiliateId: ann,
      commissionCents: 225,
    });
  });
});
