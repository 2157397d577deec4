import { payOrderSpec } from './deciders';
import {
  at,
  clicked,
  emailHashOf,
  listed,
  registered,
  rulesChanged,
  T0,
  updated,
} from './fixtures';

const shop = [
  listed('tee'),
  listed('mug', { rateBps: 1500 }),
  listed('sticker', { eligible: false }),
  registered('ann'),
  registered('bob'),
];

/** One $100 tee, paid 30 days after T0. */
const teeOrder = {
  orderId: 'o1',
  paidAt: at(30),
  currency: 'USD',
  visitorId: 'v1',
  lines: [{ productId: 'tee', quantity: 1, amountCents: 10_000 }],
};

const attributedTo = (affiliateId: string, commissionCents: number, clickId?: string) => [
  {
    type: 'OrderPaid',
    data: { attribution: { affiliateId, commissionCents, ...(clickId ? { clickId } : {}) } },
  },
];
const notAttributed = [{ type: 'OrderPaid', data: { attribution: null } }];

describe('attribution: the cookie window', () => {
  it('a click exactly cookieWindowDays before the payment is inside the window and earns', () => {
    payOrderSpec([...shop, clicked('v1.a', 'ann', T0)])
      .when(teeOrder)
      .thenMatches(attributedTo('ann', 1_000));
  });

  it('a click one second older than the cookie window earns nothing', () => {
    payOrderSpec([...shop, clicked('v1.a', 'ann', at(0, -1_000))])
      .when(teeOrder)
      .thenMatches(notAttributed);
  });

  it('the window follows the program rules in force: a 7-day window drops a 10-day-old click', () => {
    payOrderSpec([
      ...shop,
      rulesChanged(1, { cookieWindowDays: 7 }),
      clicked('v1.a', 'ann', at(20)),
    ])
      .when(teeOrder)
      .thenMatches(notAttributed);
  });

  it('a click after the payment does not earn that order', () => {
    payOrderSpec([...shop, clicked('v1.a', 'ann', at(30, 1))])
      .when(teeOrder)
      .thenMatches(notAttributed);
  });

  it('an order with no click of its visitor is recorded unattributed', () => {
    payOrderSpec([...shop, clicked('v2.a', 'ann', at(29), { visitorId: 'v2' })])
      .when(teeOrder)
      .thenMatches(notAttributed);
  });
});

describe('attribution: which click wins', () => {
  const twoAffiliatesClicks = [
    ...shop,
    clicked('v1.a', 'ann', at(10)),
    clicked('v1.b', 'bob', at(20)),
  ];

  it('under last_click the latest click of the visitor wins', () => {
    payOrderSpec(twoAffiliatesClicks)
      .when(teeOrder)
      .thenMatches(attributedTo('bob', 1_000, 'v1.b'));
  });

  it('under first_click the earliest click inside the window wins', () => {
    payOrderSpec([rulesChanged(1, { attributionModel: 'first_click' }), ...twoAffiliatesClicks])
      .when(teeOrder)
      .thenMatches(attributedTo('ann', 1_000, 'v1.a'));
  });

  it('under first_click a click outside the window does not win over a later one inside it', () => {
    payOrderSpec([
      rulesChanged(1, { attributionModel: 'first_click' }),
      ...shop,
      clicked('v1.a', 'ann', at(-5)),
      clicked('v1.b', 'bob', at(20)),
    ])
      .when(teeOrder)
      .thenMatches(attributedTo('bob', 1_000));
  });

  it('a bot click is never attributed, even when it is the latest', () => {
    payOrderSpec([
      ...shop,
      clicked('v1.a', 'ann', at(10)),
      clicked('v1.b', 'bob', at(29), { bot: true }),
    ])
      .when(teeOrder)
      .thenMatches(attributedTo('ann', 1_000, 'v1.a'));
  });

  it('an order whose only click is a bot click earns nothing', () => {
    payOrderSpec([...shop, clicked('v1.b', 'bob', at(29), { bot: true })])
      .when(teeOrder)
      .thenMatches(notAttributed);
  });

  it('a self-referral (the customer email is the affiliate’s own) earns nothing', () => {
    payOrderSpec([...shop, clicked('v1.a', 'ann', at(29))])
      .when({ ...teeOrder, customerEmailHash: emailHashOf('ann') })
      .thenMatches(notAttributed);
  });

  it('another customer of the same affiliate does earn', () => {
    payOrderSpec([...shop, clicked('v1.a', 'ann', at(29))])
      .when({ ...teeOrder, customerEmailHash: emailHashOf('someone-else') })
      .thenMatches(attributedTo('ann', 1_000));
  });

  it('a suspended affiliate’s click earns nothing', () => {
    payOrderSpec([...shop, updated('ann', { status: 'suspended' }), clicked('v1.a', 'ann', at(29))])
      .when(teeOrder)
      .thenMatches(notAttributed);
  });

  it('a click of an affiliate the log does not know earns nothing', () => {
    payOrderSpec([...shop, clicked('v1.z', 'zed', at(29))])
      .when(teeOrder)
      .thenMatches(notAttributed);
  });

  it('the same history and rules always give the same attribution', () => {
    const given = [...twoAffiliatesClicks, clicked('v1.c', 'ann', at(20))];
    const first = payOrderSpec(given).when(teeOrder).events();
    const reversedClicks = payOrderSpec([...given].reverse())
      .when(teeOrder)
      .events();
    expect(reversedClicks).toEqual(first);
  });
});

describe('attribution: which lines earn, at which rate', () => {
  const clickOfAnn = clicked('v1.a', 'ann', at(29));
  const lines = (...items: [string, number][]) =>
    items.map(([productId, amountCents]) => ({ productId, quantity: 1, amountCents }));

  it('an out-of-scope line earns nothing while an in-scope line of the same order does', () => {
    payOrderSpec([...shop, updated('ann', { productScope: ['tee'] }), clickOfAnn])
      .when({ ...teeOrder, lines: lines(['tee', 10_000], ['mug', 10_000]) })
      .thenMatches([
        {
          data: {
            attribution: {
              commissionCents: 1_000,
              lines: [
                { productId: 'tee', commissionCents: 1_000, outcome: 'earns' },
                { productId: 'mug', commissionCents: 0, rateBps: 0, outcome: 'out_of_scope' },
              ],
            },
          },
        },
      ]);
  });

  it('an ineligible product earns nothing', () => {
    payOrderSpec([...shop, clickOfAnn])
      .when({ ...teeOrder, lines: lines(['sticker', 10_000]) })
      .thenMatches([
        {
          data: {
            attribution: {
              commissionCents: 0,
              lines: [{ outcome: 'ineligible', commissionCents: 0 }],
            },
          },
        },
      ]);
  });

  it('a product missing from the catalogue earns nothing', () => {
    payOrderSpec([...shop, clickOfAnn])
      .when({ ...teeOrder, lines: lines(['ghost', 10_000]) })
      .thenMatches([
        { data: { attribution: { commissionCents: 0, lines: [{ outcome: 'unknown_product' }] } } },
      ]);
  });

  it('without overrides a line earns the program default rate', () => {
    payOrderSpec([...shop, clickOfAnn])
      .when(teeOrder)
      .thenMatches([
        { data: { attribution: { lines: [{ rateBps: 1_000, commissionCents: 1_000 }] } } },
      ]);
  });

  it('a product rate takes precedence over the program default', () => {
    payOrderSpec([...shop, clickOfAnn])
      .when({ ...teeOrder, lines: lines(['mug', 10_000]) })
      .thenMatches([
        { data: { attribution: { lines: [{ rateBps: 1_500, commissionCents: 1_500 }] } } },
      ]);
  });

  it('an affiliate override takes precedence over the product rate and the program default', () => {
    payOrderSpec([...shop, updated('ann', { rateBps: 2_000 }), clickOfAnn])
      .when({ ...teeOrder, lines: lines(['mug', 10_000], ['tee', 10_000]) })
      .thenMatches([
        {
          data: {
            attribution: {
              commissionCents: 4_000,
              lines: [{ rateBps: 2_000 }, { rateBps: 2_000 }],
            },
          },
        },
      ]);
  });

  it('the rate is locked at order time: the order records the rules version and rate that decided it', () => {
    payOrderSpec([rulesChanged(3, { defaultRateBps: 800 }), ...shop, clickOfAnn])
      .when(teeOrder)
      .thenMatches([
        {
          data: {
            rulesVersion: 3,
            attribution: { rulesVersion: 3, lines: [{ rateBps: 800, commissionCents: 800 }] },
          },
        },
      ]);
  });

  it('the commission falls due holdDays after the payment', () => {
    payOrderSpec([rulesChanged(1, { holdDays: 14 }), ...shop, clickOfAnn])
      .when(teeOrder)
      .thenMatches([{ data: { attribution: { dueAt: at(44) } } }]);
  });

  it('the attribution carries the click’s link kind and campaign, for per-channel reporting', () => {
    payOrderSpec([
      ...shop,
      clicked('v1.a', 'ann', at(29), {
        linkKind: 'product',
        productId: 'tee',
        campaign: 'youtube-launch',
      }),
    ])
      .when(teeOrder)
      .thenMatches([
        { data: { attribution: { linkKind: 'product', campaign: 'youtube-launch' } } },
      ]);
  });
});
