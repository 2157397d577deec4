import { checkoutSession, invoice, invoiceLine } from '../../libs/application/test/stripe/fixtures';
import { startStripeWorld, type StripeWorld } from './stripe-world';

const NOW = Math.floor(Date.parse('2026-01-10T12:00:00Z') / 1000);

describe('Stripe subscriptions: the checkout binds, each paid invoice is an order within recurringPayments', () => {
  let world: StripeWorld;
  let jane: string;
  jest.setTimeout(90_000);

  beforeEach(async () => {
    world = await startStripeWorld();
    await world.app.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
    await world.app.call('PUT', '/v1/admin/products/plan', {
      body: {
        name: 'Plan',
        url: 'https://shop.test/plan',
        stripePriceId: 'price_plan',
        eligible: true,
      },
    });
    jane = (
      await world.app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body.affiliateId;
  });
  afterEach(() => world.close());

  /** The session Stripe completes for a subscription; also listed in the fake, as Stripe lists it. */
  const subscriptionSession = (subscriptionId: string, clickId: string) => {
    const session = checkoutSession({
      id: `cs_${subscriptionId}`,
      mode: 'subscription',
      payment_intent: null,
      subscription: subscriptionId,
      invoice: `in_${subscriptionId}_1`,
      client_reference_id: clickId,
      created: NOW,
      amount_total: 2000,
    });
    world.stripe.commerce.sessions.set(session.id, session);
    return session;
  };

  /** Invoice n of the subscription: 20.00 for the plan, paid n seconds after the checkout. */
  const paidInvoice = (subscriptionId: string, n: number) => {
    const id = `in_${subscriptionId}_${n}`;
    world.stripe.commerce.invoiceLines.set(id, [
      invoiceLine({ priceId: 'price_plan', productId: 'prod_plan', amount: 2000, invoice: id }),
    ]);
    world.stripe.commerce.invoiceOfPaymentIntent.set(`pi_${id}`, id);
    return invoice({
      id,
      total: 2000,
      billing_reason: n === 1 ? 'subscription_create' : 'subscription_cycle',
      parent: {
        quote_details: null,
        subscription_details: { metadata: {}, subscription: subscriptionId },
        type: 'subscription_details',
      },
      status_transitions: {
        finalized_at: NOW + n,
        marked_uncollectible_at: null,
        paid_at: NOW + n,
        voided_at: null,
      },
    });
  };

  it.each([
    [1, [200, 0, 0]],
    [2, [200, 200, 0]],
    [null, [200, 200, 200]],
  ])(
    'with recurringPayments %p, three paid invoices earn %p',
    async (recurringPayments, expected) => {
      expect(
        (await world.app.call('PUT', '/v1/admin/rules', { body: { recurringPayments } })).body
          .recurringPayments,
      ).toBe(recurringPayments);
      const bound = await world.webhook(
        'checkout.session.completed',
        subscriptionSession('sub_a', await world.click('jane')),
      );
      expect(bound.body.subscription).toEqual({ subscriptionId: 'sub_a', affiliateId: jane });
      const earned: number[] = [];
      for (const n of [1, 2, 3]) {
        const answer = await world.webhook('invoice.paid', paidInvoice('sub_a', n));
        expect(answer.body.order).toMatchObject({
          orderId: `in_sub_a_${n}`,
          attributed: true,
          affiliateId: jane,
        });
        earned.push(answer.body.order.commissionCents);
      }
      expect(earned).toEqual(expected);
      expect(await world.app.balances(jane)).toMatchObject({
        earnedCents: expected.reduce((a, b) => a + b, 0),
      });
      if (recurringPayments === 1) {
        const third = (await world.app.call('GET', '/v1/admin/orders/in_sub_a_3')).body;
        expect(third.checks).toContainEqual(
          expect.objectContaining({ check: 'recurring_limit', ok: false }),
        );
        expect(third.commissionCents).toBe(0);
      }
    },
  );

  it('an invoice that arrives before its session is attributed once the binding arrives, as if in order', async () => {
    const clickId = await world.click('jane');
    // Stripe does not list the session yet: the invoice is recorded waiting for its binding.
    const early = await world.webhook('invoice.paid', paidInvoice('sub_b', 1));
    expect(early.body.order).toEqual({
      orderId: 'in_sub_b_1',
      attributed: false,
      commissionCents: 0,
    });
    const session = subscriptionSession('sub_b', clickId);
    expect((await world.webhook('checkout.session.completed', session)).status).toBe(200);
    expect(await world.app.balances(jane)).toMatchObject({ earnedCents: 200, pendingCents: 200 });
    const explained = (await world.app.call('GET', '/v1/admin/orders/in_sub_b_1')).body;
    expect(explained).toMatchObject({
      attributed: true,
      commissionCents: 200,
      commissionId: 'in_sub_b_1',
    });
    // Redelivered, both change nothing.
    await world.webhook('checkout.session.completed', session);
    await world.webhook('invoice.paid', paidInvoice('sub_b', 1));
    expect(await world.app.balances(jane)).toMatchObject({ earnedCents: 200 });
  });

  it('an invoice whose session Stripe already lists binds the subscription itself', async () => {
    subscriptionSession('sub_c', await world.click('jane'));
    const answer = await world.webhook('invoice.paid', paidInvoice('sub_c', 1));
    expect(answer.body.order).toMatchObject({
      attributed: true,
      affiliateId: jane,
      commissionCents: 200,
    });
  });

  it("a refund and a lost dispute of an invoice's charge reverse that invoice's commission", async () => {
    await world.webhook(
      'checkout.session.completed',
      subscriptionSession('sub_d', await world.click('jane')),
    );
    await world.webhook('invoice.paid', paidInvoice('sub_d', 1));
    const charge = {
      id: 'ch_sub_d_1',
      object: 'charge',
      payment_intent: 'pi_in_sub_d_1',
      amount: 2000,
      amount_refunded: 1000,
    };
    expect((await world.webhook('charge.refunded', charge)).body).toMatchObject({
      orderId: 'in_sub_d_1',
    });
    expect(await world.app.balances(jane)).toMatchObject({ earnedCents: 200, reversedCents: 100 });
    const dispute = {
      id: 'dp_sub_d',
      object: 'dispute',
      payment_intent: 'pi_in_sub_d_1',
      charge: 'ch_sub_d_1',
      amount: 1000,
      status: 'lost',
    };
    expect((await world.webhook('charge.dispute.closed', dispute)).body).toMatchObject({
      orderId: 'in_sub_d_1',
    });
    expect(await world.app.balances(jane)).toMatchObject({ earnedCents: 200, reversedCents: 200 });
  });

  it('a re-attribution re-decides the binding: the invoices of its range move, and later invoices follow it', async () => {
    const bob = (
      await world.app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Bob', email: 'bob@example.com', refCode: 'bob', productScope: 'all' },
      })
    ).body.affiliateId;
    await world.app.call('PUT', '/v1/admin/rules', { body: { recurringPayments: null } });
    const [, bobClick] = await world.clicksOfOneVisitor(['jane', 'bob']);
    // last_click: Bob's click, the visitor's latest, wins the subscription.
    await world.webhook('checkout.session.completed', subscriptionSession('sub_e', bobClick!));
    for (const n of [1, 2]) await world.webhook('invoice.paid', paidInvoice('sub_e', n));
    expect(await world.app.balances(bob)).toMatchObject({ earnedCents: 400 });
    const reattribution = await world.app.call('POST', '/v1/admin/reattributions', {
      body: {
        from: '2026-01-01T00:00:00Z',
        to: '2026-02-01T00:00:00Z',
        rules: { attributionModel: 'first_click' },
        dryRun: false,
      },
    });
    expect(reattribution.status).toBe(200);
    expect(
      reattribution.body.changes.map((change: any) => [
        change.orderId,
        change.before.affiliateId,
        change.after.affiliateId,
      ]),
    ).toEqual([
      ['in_sub_e_1', bob, jane],
      ['in_sub_e_2', bob, jane],
    ]);
    expect(reattribution.body.deltaByAffiliate).toEqual(
      expect.arrayContaining([
        { affiliateId: bob, deltaCents: -400 },
        { affiliateId: jane, deltaCents: 400 },
      ]),
    );
    // The third invoice, paid after the apply, follows the re-decided binding.
    const third = await world.webhook('invoice.paid', paidInvoice('sub_e', 3));
    expect(third.body.order).toMatchObject({ affiliateId: jane, commissionCents: 200 });
    expect(
      (await world.app.call('GET', '/v1/admin/audit')).body.invariants.every(
        (invariant: any) => invariant.ok,
      ),
    ).toBe(true);
  });
});
