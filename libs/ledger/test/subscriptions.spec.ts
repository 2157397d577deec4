import type { SubscriptionBound, SubscriptionInvoicePaid } from '../src/subscriptions/subscription';
import { invoiceSpec } from './commerce-deciders';
import { at, listed, registered, rulesChanged, T0, updated } from './fixtures';

const bound = (affiliateId: string | null): SubscriptionBound => ({
  type: 'SubscriptionBound',
  data: {
    subscriptionId: 'sub_1',
    customerId: 'cus_1',
    sessionId: 'cs_1',
    boundAt: T0,
    rulesVersion: 1,
    binding: affiliateId ? { affiliateId, clickId: 'v1.a', linkKind: 'canonical' } : null,
    explanation: [],
  },
});
const invoicePaid = (invoiceId: string, ordinal: number): SubscriptionInvoicePaid => ({
  type: 'SubscriptionInvoicePaid',
  data: { subscriptionId: 'sub_1', invoiceId, ordinal, occurredAt: T0 },
});

const shop = [listed('plan'), registered('ann')];
const invoice = (invoiceId: string, month: number) => ({
  invoiceId,
  paidAt: at(month * 30),
  lines: [{ productId: 'plan', quantity: 1, amountCents: 2_000 }],
});

describe('subscriptions: recurring commissions through the binding', () => {
  it('with the default recurringPayments 1, the first invoice earns and the second earns 0, saying why', () => {
    invoiceSpec([...shop, bound('ann')])
      .when(invoice('in_1', 0))
      .thenMatches([
        { attribution: { affiliateId: 'ann', subscriptionId: 'sub_1', commissionCents: 200 } },
      ]);
    const [second] = invoiceSpec([...shop, bound('ann'), invoicePaid('in_1', 1)])
      .when(invoice('in_2', 1))
      .events();
    expect(second!.attribution).toMatchObject({
      affiliateId: 'ann',
      commissionCents: 0,
      lines: [{ outcome: 'past_recurring_limit' }],
    });
    expect(second!.explanation).toContainEqual(
      expect.objectContaining({ check: 'recurring_limit', ok: false }),
    );
  });

  it('recurringPayments 2 pays the first two invoices, not the third', () => {
    const given = [
      ...shop,
      rulesChanged(1, { recurringPayments: 2 }),
      bound('ann'),
      invoicePaid('in_1', 1),
    ];
    invoiceSpec(given)
      .when(invoice('in_2', 1))
      .thenMatches([{ attribution: { commissionCents: 200 } }]);
    invoiceSpec([...given, invoicePaid('in_2', 2)])
      .when(invoice('in_3', 2))
      .thenMatches([{ attribution: { commissionCents: 0 } }]);
  });

  it('recurringPayments null pays every invoice', () => {
    invoiceSpec([
      ...shop,
      rulesChanged(1, { recurringPayments: null }),
      bound('ann'),
      invoicePaid('in_1', 1),
      invoicePaid('in_2', 2),
    ])
      .when(invoice('in_3', 2))
      .thenMatches([{ attribution: { commissionCents: 200 } }]);
  });

  it('an invoice redelivered keeps its number', () => {
    invoiceSpec([...shop, bound('ann'), invoicePaid('in_1', 1), invoicePaid('in_2', 2)])
      .when(invoice('in_1', 0))
      .thenMatches([{ attribution: { commissionCents: 200 } }]);
  });

  it('an invoice of a subscription not bound yet is unattributed and says it waits for the checkout', () => {
    invoiceSpec(shop)
      .when(invoice('in_1', 0))
      .thenMatches([{ attribution: null, explanation: [{ check: 'subscription', ok: false }] }]);
  });

  it('a checkout attributed to nobody, or an affiliate suspended since, earns nothing', () => {
    invoiceSpec([...shop, bound(null)])
      .when(invoice('in_1', 0))
      .thenMatches([{ attribution: null }]);
    invoiceSpec([...shop, bound('ann'), updated('ann', { status: 'suspended' })])
      .when(invoice('in_1', 0))
      .thenMatches([{ attribution: null }]);
  });
});
