import { payOrderSpec } from './deciders';
import { at, clicked, listed, registered, rulesChanged } from './fixtures';

const shop = [listed('tee'), registered('ann'), registered('bob')];
const paidAt = at(30);
const order = (clickId?: string) => ({
  orderId: 'o1',
  paidAt,
  currency: 'USD',
  visitorId: 'v1',
  ...(clickId ? { clickId } : {}),
  lines: [{ productId: 'tee', quantity: 1, amountCents: 10_000 }],
});
const attributedTo = (affiliateId: string, clickId: string) => [
  { type: 'OrderPaid', data: { attribution: { affiliateId, clickId } } },
];
const notAttributed = [{ type: 'OrderPaid', data: { attribution: null } }];
const windowSays = (detail: RegExp) =>
  expect.arrayContaining([
    expect.objectContaining({ check: 'window', detail: expect.stringMatching(detail) }),
  ]);

describe('attribution: the click the order names', () => {
  it("under last_click the order's own click wins over a later click of the same visitor", () => {
    payOrderSpec([...shop, clicked('c-ann', 'ann', at(20)), clicked('c-bob', 'bob', at(25))])
      .when(order('c-ann'))
      .thenMatches(attributedTo('ann', 'c-ann'));
  });

  it("under first_click the visitor's earliest click still wins: the named click only finds the visitor", () => {
    payOrderSpec([
      rulesChanged(1, { attributionModel: 'first_click' }),
      ...shop,
      clicked('c-ann', 'ann', at(20)),
      clicked('c-bob', 'bob', at(25)),
    ])
      .when(order('c-bob'))
      .thenMatches(attributedTo('ann', 'c-ann'));
  });

  it('a named click that fails a check does not win: a bot click leaves the latest human click', () => {
    payOrderSpec([
      ...shop,
      clicked('c-ann', 'ann', at(20)),
      clicked('c-bob', 'bob', at(25), { bot: true }),
    ])
      .when(order('c-bob'))
      .thenMatches(attributedTo('ann', 'c-ann'));
  });

  it("the order's own click 300 s after the payment is within the clock-skew tolerance, and the explanation says so", () => {
    payOrderSpec([...shop, clicked('c-ann', 'ann', at(30, 300_000))])
      .when(order('c-ann'))
      .thenMatches([
        {
          type: 'OrderPaid',
          data: {
            attribution: { affiliateId: 'ann', clickId: 'c-ann' },
            explanation: windowSays(/300 s after payment, within the 300 s clock-skew tolerance/),
          },
        },
      ]);
  });

  it("the order's own click 301 s after the payment is beyond the tolerance and earns nothing", () => {
    payOrderSpec([...shop, clicked('c-ann', 'ann', at(30, 301_000))])
      .when(order('c-ann'))
      .thenMatches([
        {
          type: 'OrderPaid',
          data: {
            attribution: null,
            explanation: windowSays(/301 s after payment, beyond the 300 s clock-skew tolerance/),
          },
        },
      ]);
  });

  it('only the named click gets the tolerance: another click after the payment never earns', () => {
    payOrderSpec([...shop, clicked('c-ann', 'ann', at(30, 1_000))])
      .when(order())
      .thenMatches(notAttributed);
    payOrderSpec([...shop, clicked('c-ann', 'ann', at(20)), clicked('c-bob', 'bob', at(30, 1_000))])
      .when(order('c-ann'))
      .thenMatches(attributedTo('ann', 'c-ann'));
  });
});
