import { Refusal } from '@threadtrak/ledger';
import { checkOrderRules, checkRefundRules, OrderRulesBroken } from '../../src/orders/order-rules';

const now = new Date('2026-01-10T12:00:00Z');
const tee = { productId: 'tee', quantity: 1, amountCents: 2000 };

describe('the order rules, one function for the API and for Stripe', () => {
  it('accepts an order paid up to 5 minutes ahead of our clock', () => {
    expect(() =>
      checkOrderRules({ paidAt: '2026-01-10T12:05:00Z', lines: [tee] }, now),
    ).not.toThrow();
  });

  it('refuses an order paid more than 5 minutes ahead as invalid input (400)', () => {
    const refusal = (() => {
      try {
        checkOrderRules({ paidAt: '2026-01-10T12:05:00.001Z', lines: [tee] }, now);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(OrderRulesBroken);
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({
      code: 'order_rules',
      kind: 'invalid',
      problems: ['paidAt is more than 5 minutes in the future'],
    });
  });

  it('names every broken line rule: no lines, a zero quantity, a negative amount', () => {
    expect(() => checkOrderRules({ paidAt: now.toISOString(), lines: [] }, now)).toThrow(
      'the order has no lines',
    );
    const broken = { productId: 'mug', quantity: 0, amountCents: -1 };
    expect(() => checkOrderRules({ paidAt: now.toISOString(), lines: [broken] }, now)).toThrow(
      /quantity 0 is not 1 to 1000000; line mug: amount -1 is not 0/,
    );
  });

  it('lets a refund name an amount, lines or neither, never both', () => {
    const lines = [{ productId: 'tee', amountCents: 500 }];
    for (const refund of [{ amountCents: 500 }, { lines }, {}])
      expect(() => checkRefundRules(refund)).not.toThrow();
    expect(() => checkRefundRules({ amountCents: 500, lines })).toThrow(
      expect.objectContaining({ code: 'amount_or_lines', kind: 'invalid' }),
    );
  });
});
