import { evolveOrder, initialOrder } from '../src/orders/order-state';
import { payOrder } from '../src/orders/pay-order';
import { payOrderSpec, postingSpec } from './deciders';
import { at, clicked, listed, registered, rulesChanged } from './fixtures';

const shop = [listed('tee'), registered('ann'), clicked('v1.a', 'ann', at(1))];
const order = {
  orderId: 'o1',
  paidAt: at(2),
  currency: 'USD',
  visitorId: 'v1',
  lines: [{ productId: 'tee', quantity: 1, amountCents: 10_000 }],
};

describe('paying an order', () => {
  it('a paid order is recorded once with its total, rules version and attribution', () => {
    payOrderSpec(shop)
      .when(order)
      .thenMatches([
        {
          type: 'OrderPaid',
          data: {
            orderId: 'o1',
            totalCents: 10_000,
            currency: 'USD',
            rulesVersion: 0,
            attribution: { affiliateId: 'ann' },
          },
        },
      ]);
  });

  it('the same order posted twice records nothing new and answers already_paid with the first recording', () => {
    const [paid] = payOrderSpec(shop).when(order).events();
    payOrderSpec([...shop, paid!])
      .when(order)
      .thenNothing();
    const state = evolveOrder(initialOrder, paid!);
    const again = payOrder(state, { ...order, requestHash: 'hash-o1', source: 'api' }, 'USD', 0, {
      attribution: null,
      explanation: [],
    });
    expect(again).toEqual({ kind: 'already_paid', paid: paid!.data });
  });

  it.each([
    ['a negative line amount', { quantity: 1, amountCents: -5_000 }, 'invalid_amount' as const],
    ['a fractional line amount', { quantity: 1, amountCents: 10.5 }, 'invalid_amount' as const],
    ['a zero quantity', { quantity: 0, amountCents: 1_000 }, 'invalid_quantity' as const],
  ])(
    'an order with %s is invalid input, whichever door it came through (400)',
    (_what, line, code) => {
      payOrderSpec(shop)
        .when({ ...order, lines: [{ productId: 'tee', ...line }] })
        .thenThrows(code, 'invalid');
    },
  );

  it('the same orderId with a different body is a conflict (409)', () => {
    const [paid] = payOrderSpec(shop).when(order).events();
    payOrderSpec([...shop, paid!])
      .when({
        ...order,
        lines: [{ productId: 'tee', quantity: 2, amountCents: 20_000 }],
        requestHash: 'another-body',
      })
      .thenThrows('order_conflict', 'conflict');
  });

  it('an order in another currency than the program’s is refused currency_mismatch (422)', () => {
    payOrderSpec(shop)
      .when({ ...order, currency: 'EUR' })
      .thenThrows('currency_mismatch', 'refused');
  });

  it('an order in the program currency set by the rules is accepted', () => {
    payOrderSpec([rulesChanged(1, { currency: 'EUR' }), ...shop])
      .when({ ...order, currency: 'EUR' })
      .thenMatches([{ data: { currency: 'EUR' } }]);
  });

  it('the rate is locked at order time: a later rules change does not change the commission earned', () => {
    const [paid] = payOrderSpec(shop).when(order).events();
    const later = rulesChanged(1, { defaultRateBps: 100, holdDays: 5 }, at(3));
    // The rules change reaches neither the order nor the ledger: posting reads only the order's recorded decision.
    payOrderSpec([...shop, paid!, later])
      .when(order)
      .thenNothing();
    postingSpec([paid!])
      .when('PostOrderToLedger')
      .thenMatches([
        { type: 'CommissionEarned', data: { amountCents: 1_000, rulesVersion: 0, dueAt: at(32) } },
      ]);
  });
});
