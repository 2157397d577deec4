import { checkoutSession, discount, lineItem } from '../../libs/application/test/stripe/fixtures';
import { startStripeWorld, type StripeWorld } from './stripe-world';

describe("promotion codes: an affiliate's code wins the order, with or without a click", () => {
  let world: StripeWorld;
  let ann: string;
  let bob: string;
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
    ann = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Ann', email: 'ann@example.com', refCode: 'ann', productScope: 'all' },
      })
    ).body.affiliateId;
    bob = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Bob', email: 'bob@example.com', refCode: 'bob', productScope: 'all' },
      })
    ).body.affiliateId;
    const set = await app.call('PATCH', `/v1/admin/affiliates/${ann}`, {
      body: { promoCodes: ['Ann10'] },
    });
    expect(set.status).toBe(200);
    expect(set.body.promoCodes).toEqual(['ANN10']);
  });
  afterEach(() => world.close());

  it('a code another affiliate holds is refused with 409, whatever its case, and changes nothing', async () => {
    const before = await world.app.head();
    const taken = await world.app.call('PATCH', `/v1/admin/affiliates/${bob}`, {
      body: { promoCodes: ['BOB5', 'ann10'] },
    });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('promo_code_taken');
    expect(
      (await world.app.call('GET', '/v1/admin/affiliates')).body.find(
        (a: any) => a.affiliateId === bob,
      ).promoCodes,
    ).toEqual([]);
    // BOB5 was claimed before ANN10 was refused; nothing else was recorded.
    expect(await world.app.head()).toBeLessThanOrEqual(before + 1);
    const invalid = await world.app.call('PATCH', `/v1/admin/affiliates/${bob}`, {
      body: { promoCodes: ['no spaces'] },
    });
    expect(invalid.status).toBe(400);
  });

  it('a dropped code is free for another affiliate', async () => {
    expect(
      (await world.app.call('PATCH', `/v1/admin/affiliates/${ann}`, { body: { promoCodes: [] } }))
        .status,
    ).toBe(200);
    const claimed = await world.app.call('PATCH', `/v1/admin/affiliates/${bob}`, {
      body: { promoCodes: ['ANN10'] },
    });
    expect(claimed.status).toBe(200);
  });

  it("POST /v1/orders with a code beats another affiliate's click, and the explanation names the code", async () => {
    const bobClick = await world.click('bob');
    const order = await world.app.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-promo-1',
        paidAt: '2026-01-10T12:00:00Z',
        currency: 'USD',
        lines: [{ productId: 'tee', quantity: 1, amountCents: 5000 }],
        clickId: bobClick,
        promoCode: 'ann10',
      },
    });
    expect(order.status).toBe(201);
    expect(order.body).toEqual({
      orderId: 'o-promo-1',
      attributed: true,
      affiliateId: ann,
      commissionCents: 500,
    });
    const explained = (await world.app.call('GET', '/v1/admin/orders/o-promo-1')).body;
    expect(explained.attribution.promoCode).toBe('ANN10');
    expect(explained.checks[0]).toMatchObject({ check: 'promo_code', ok: true });
    expect(explained.checks[0].detail).toContain('ANN10');
  });

  it('a code earns without any click', async () => {
    const order = await world.app.call('POST', '/v1/orders', {
      body: {
        orderId: 'o-promo-2',
        paidAt: '2026-01-10T12:00:00Z',
        currency: 'USD',
        lines: [{ productId: 'tee', quantity: 1, amountCents: 5000 }],
        promoCode: 'ANN10',
      },
    });
    expect(order.body).toMatchObject({ attributed: true, affiliateId: ann, commissionCents: 500 });
    const audit = (await world.app.call('GET', '/v1/admin/audit')).body;
    expect(audit.invariants.every((invariant: any) => invariant.ok)).toBe(true);
  });

  it('a Stripe session whose discount names the code beats the click in client_reference_id', async () => {
    const promotionCodeId = world.stripe.commerce.addPromotionCode('ANN10');
    world.stripe.commerce.sessionLineItems.set('cs_promo', [
      lineItem({
        priceId: 'price_tee',
        productId: 'prod_tee',
        amount_subtotal: 5000,
        amount_discount: 500,
        amount_total: 4500,
      }),
    ]);
    const session = checkoutSession({
      id: 'cs_promo',
      payment_intent: 'pi_promo',
      client_reference_id: await world.click('bob'),
      amount_total: 4500,
      discounts: [{ coupon: null, promotion_code: promotionCodeId }],
      total_details: {
        amount_discount: 500,
        amount_shipping: 0,
        amount_tax: 0,
        breakdown: { discounts: [{ amount: 500, discount: discount(promotionCodeId) }], taxes: [] },
      },
    });
    const answer = await world.webhook('checkout.session.completed', session);
    expect(answer.body.order).toEqual({
      orderId: 'pi_promo',
      attributed: true,
      affiliateId: ann,
      commissionCents: 450,
    });
    expect(
      world.stripe.requests.some(
        (request) => request.path === `/v1/promotion_codes/${promotionCodeId}`,
      ),
    ).toBe(true);
    expect(
      (await world.app.call('GET', '/v1/admin/orders/pi_promo')).body.attribution.promoCode,
    ).toBe('ANN10');
  });
});
