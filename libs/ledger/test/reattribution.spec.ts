import { affiliateLedgerDecider } from '../src/commissions/affiliate-ledger.decider';
import { evolveLedger, initialLedger } from '../src/commissions/affiliate-ledger';
import type { CommissionEvent } from '../src/commissions/commission-events';
import type { OrderEvent } from '../src/orders/order-events';
import { evolveOrder, initialOrder } from '../src/orders/order-state';
import type { PayoutEvent } from '../src/payouts/payout-events';
import { DEFAULT_RULES } from '../src/program/program-rules';
import { Refusal } from '../src/refusal';
import {
  orderReattributionDecider,
  initialOrderUnderReattribution,
  reattributeOrder,
  replacedCommissions,
  evolveOrderUnderReattribution,
} from '../src/reattribution/reattribute-order';
import { deltaByAffiliate } from '../src/reattribution/reattribution-diff';
import { postReattributionToLedger } from '../src/reattribution/reattribution-ledger';
import { reattributionKey, resolveReattribution } from '../src/reattribution/reattribution-request';
import { ReattributionScan } from '../src/reattribution/reattribution-scan';
import { specFor } from './decider-spec';
import { runLedger as run, type LedgerWorldEvent } from './deciders';
import {
  at,
  clicked,
  earned,
  emailHashOf,
  listed,
  madeDue,
  orderPaid,
  payoutAccountSet,
  refunded,
  registered,
  updated,
} from './fixtures';

type MoneyEvent = CommissionEvent | PayoutEvent;
const money = (events: readonly LedgerWorldEvent[]) =>
  events.filter(
    (event): event is MoneyEvent =>
      /^(Commission|Payout)/.test(event.type) && event.type !== 'PayoutAccountSet',
  );
const balancesOf = (events: readonly LedgerWorldEvent[]) =>
  money(events).reduce(evolveLedger, initialLedger()).balances;

/** Taking back a replaced commission on its affiliate's ledger. */
const reversalSpec = specFor(affiliateLedgerDecider);
const reverse = (commissionId = 'o1') => ({
  type: 'ReverseReplacedCommission' as const,
  affiliateId: 'ann',
  commissionId,
  reattributionId: 'ra_1',
  now: at(50),
});

describe('re-attribution: taking back the replaced commission', () => {
  it('a pending commission is reversed from the pending balance, no clawback', () => {
    reversalSpec([earned('o1', 6_000)])
      .when(reverse())
      .then([
        {
          type: 'CommissionReversed',
          data: {
            reversalId: 'reattribution:ra_1|o1',
            commissionId: 'o1',
            affiliateId: 'ann',
            orderId: 'o1',
            amountCents: 6_000,
            reason: 'reattribution',
            clawback: false,
            balance: 'pending',
            occurredAt: at(50),
            reattributionId: 'ra_1',
          },
        },
      ]);
  });

  it('a due commission not yet in a payout is reversed from the due balance, no clawback', () => {
    reversalSpec([earned('o1', 6_000), madeDue('o1', 6_000)])
      .when(reverse())
      .thenMatches([{ data: { amountCents: 6_000, balance: 'due', clawback: false } }]);
  });

  it('a commission already paid out is a clawback: the due balance goes negative', () => {
    const paidOut = run(
      [registered('ann'), payoutAccountSet('ann'), earned('o1', 6_000), madeDue('o1', 6_000)],
      { type: 'RequestPayout', payoutId: 'p1', now: at(31) },
      { type: 'ApprovePayout', payoutId: 'p1', now: at(31) },
      { type: 'RecordPayoutOutcome', payoutId: 'p1', now: at(32), sent: true, providerRef: 'PP-1' },
    );
    const events = reversalSpec(money(paidOut)).when(reverse()).events();
    expect(events).toMatchObject([
      { data: { amountCents: 6_000, balance: 'due', clawback: true } },
    ]);
    expect(balancesOf([...paidOut, ...events])).toMatchObject({
      paidCents: 6_000,
      dueCents: -6_000,
      reversedCents: 6_000,
    });
  });

  it('takes back only what refunds left of the commission', () => {
    const partlyRefunded = {
      type: 'CommissionReversed',
      data: {
        reversalId: 'refund:r1|o1',
        commissionId: 'o1',
        affiliateId: 'ann',
        orderId: 'o1',
        amountCents: 1_500,
        reason: 'refund',
        clawback: false,
        balance: 'pending',
        occurredAt: at(2),
      },
    } as const;
    reversalSpec([earned('o1', 6_000), partlyRefunded])
      .when(reverse())
      .thenMatches([{ data: { amountCents: 4_500 } }]);
  });

  it('the same re-attribution twice takes back nothing the second time', () => {
    const first = reversalSpec([earned('o1', 6_000)])
      .when(reverse())
      .events();
    reversalSpec([earned('o1', 6_000), ...first])
      .when(reverse())
      .thenNothing();
  });

  it('nothing for a commission this ledger never earned, or one fully refunded', () => {
    reversalSpec([]).when(reverse()).thenNothing();
    const allRefunded = {
      type: 'CommissionReversed',
      data: {
        reversalId: 'refund:r1|o1',
        commissionId: 'o1',
        affiliateId: 'ann',
        orderId: 'o1',
        amountCents: 6_000,
        reason: 'refund',
        clawback: false,
        balance: 'pending',
        occurredAt: at(2),
      },
    } as const;
    reversalSpec([earned('o1', 6_000), allRefunded])
      .when(reverse())
      .thenNothing();
  });
});

describe('re-attribution: one ledger', () => {
  const paid = orderPaid({
    orderId: 'o1',
    affiliateId: 'bob',
    lines: [{ productId: 'tee', amountCents: 60_000, rateBps: 1_000 }],
  });
  const reattributed = (affiliateId: string, commissionCents: number): OrderEvent => ({
    type: 'OrderReattributed',
    data: {
      orderId: 'o1',
      reattributionId: 'ra_1',
      occurredAt: at(50),
      attribution: {
        ...paid.data.attribution!,
        affiliateId,
        commissionCents,
        lines: [{ ...paid.data.attribution!.lines[0]!, rateBps: 500, commissionCents }],
      },
    },
  });

  it('the new affiliate earns `{orderId}~{id}` and the order’s refunds are applied to it again', () => {
    const order = [
      paid,
      refunded('o1', 'r1', { amountCents: 30_000 }),
      reattributed('ann', 3_000),
    ].reduce(evolveOrder, initialOrder);
    const events = postReattributionToLedger(initialLedger(), {
      affiliateId: 'ann',
      reattributionId: 'ra_1',
      replaced: [],
      earning: [order],
      now: at(50),
    });
    expect(events).toMatchObject([
      {
        type: 'CommissionEarned',
        data: {
          commissionId: 'o1~ra_1',
          affiliateId: 'ann',
          amountCents: 3_000,
          reattributionId: 'ra_1',
        },
      },
      {
        type: 'CommissionReversed',
        data: { reversalId: 'refund:r1|o1~ra_1', amountCents: 1_500, reason: 'refund' },
      },
    ]);
    const again = postReattributionToLedger(events.reduce(evolveLedger, initialLedger()), {
      affiliateId: 'ann',
      reattributionId: 'ra_1',
      replaced: [],
      earning: [order],
      now: at(51),
    });
    expect(again).toEqual([]);
  });

  it('the same affiliate at another amount: the old commission is reversed and the new one earned', () => {
    const order = [paid, reattributed('bob', 3_000)].reduce(evolveOrder, initialOrder);
    const ledger = [earned('o1', 6_000, { affiliateId: 'bob' })].reduce(
      evolveLedger,
      initialLedger(),
    );
    const events = postReattributionToLedger(ledger, {
      affiliateId: 'bob',
      reattributionId: 'ra_1',
      replaced: ['o1'],
      earning: [order],
      now: at(50),
    });
    expect(
      events.map((event) => [event.type, event.data.commissionId, event.data.amountCents]),
    ).toEqual([
      ['CommissionReversed', 'o1', 6_000],
      ['CommissionEarned', 'o1~ra_1', 3_000],
    ]);
  });
});

describe('re-attribution: the order stream', () => {
  const paid = orderPaid({
    orderId: 'o1',
    affiliateId: 'bob',
    lines: [{ productId: 'tee', amountCents: 60_000, rateBps: 1_000 }],
  });
  const annAttribution = { ...paid.data.attribution!, affiliateId: 'ann' };
  const spec = specFor(orderReattributionDecider('ra_1'));
  const orderSpec = (given: OrderEvent[]) => ({
    when: (_command: 'Reattribute') =>
      spec(given).when({
        orderId: 'o1',
        reattributionId: 'ra_1',
        attribution: annAttribution,
        now: at(50),
      }),
  });

  it('records the new decision once', () => {
    const events = orderSpec([paid]).when('Reattribute').events();
    expect(events).toEqual([
      {
        type: 'OrderReattributed',
        data: {
          orderId: 'o1',
          reattributionId: 'ra_1',
          attribution: annAttribution,
          occurredAt: at(50),
        },
      },
    ]);
    orderSpec([paid, ...events])
      .when('Reattribute')
      .thenNothing();
  });

  it('an order already earning what the new decision says is left alone', () => {
    const other: OrderEvent = {
      type: 'OrderReattributed',
      data: {
        orderId: 'o1',
        reattributionId: 'ra_0',
        attribution: annAttribution,
        occurredAt: at(40),
      },
    };
    orderSpec([paid, other]).when('Reattribute').thenNothing();
  });

  it('lists the commission each re-attribution replaced, for the ledger-posting safety net', () => {
    const first = orderSpec([paid]).when('Reattribute').events();
    const second: OrderEvent = {
      type: 'OrderReattributed',
      data: { orderId: 'o1', reattributionId: 'ra_2', attribution: null, occurredAt: at(60) },
    };
    const third: OrderEvent = {
      type: 'OrderReattributed',
      data: {
        orderId: 'o1',
        reattributionId: 'ra_3',
        attribution: annAttribution,
        occurredAt: at(70),
      },
    };
    expect(replacedCommissions([paid, ...first, second, third])).toEqual([
      { reattributionId: 'ra_1', commissionId: 'o1', affiliateId: 'bob' },
      { reattributionId: 'ra_2', commissionId: 'o1~ra_1', affiliateId: 'ann' },
    ]);
  });

  it('after an interrupted apply, tells the ledgers which commission was replaced and which order earns now', () => {
    const state = [
      paid,
      refunded('o1', 'r1'),
      ...orderSpec([paid]).when('Reattribute').events(),
    ].reduce(evolveOrderUnderReattribution('ra_1'), initialOrderUnderReattribution);
    const outcome = reattributeOrder(state, {
      orderId: 'o1',
      reattributionId: 'ra_1',
      attribution: annAttribution,
      now: at(60),
    });
    expect(outcome).toMatchObject({
      kind: 'already_reattributed',
      result: {
        change: {
          before: { affiliateId: 'bob', commissionCents: 6_000 },
          after: { affiliateId: 'ann', commissionCents: 6_000 },
        },
        replaced: { commissionId: 'o1', affiliateId: 'bob' },
        earning: { commissionId: 'o1~ra_1' },
      },
    });
  });
});

describe('re-attribution: the scan of the log', () => {
  const key = resolveReattribution(
    { from: at(10), to: at(20), rules: { cookieWindowDays: 7, attributionModel: 'first_click' } },
    DEFAULT_RULES,
  );
  const scanOf = (events: { type: string; data: unknown }[], rules = key) => {
    const scan = new ReattributionScan(rules, 'ra_1', 3);
    events.forEach((event) => scan.observe(event));
    return scan.plan();
  };
  const tee = [{ productId: 'tee', quantity: 1, amountCents: 10_000 }];
  const paidBy = (
    orderId: string,
    paidAt: string,
    attribution: { affiliateId: string; commissionCents: number } | null,
    visitorId = 'v1',
  ) => {
    const base = orderPaid({
      orderId,
      paidAt,
      affiliateId: attribution?.affiliateId ?? 'x',
      lines: [{ productId: 'tee', amountCents: 10_000, rateBps: 1_000 }],
    });
    return {
      type: 'OrderPaid',
      data: {
        ...base.data,
        visitorId,
        lines: tee,
        attribution: attribution && { ...base.data.attribution!, ...attribution },
      },
    };
  };
  const shop = [listed('tee'), registered('ann'), registered('bob')];

  it('re-decides orders paid in [from, to) only, under the new rules', () => {
    const plan = scanOf([
      ...shop,
      clicked('v1.a', 'ann', at(3)),
      clicked('v1.b', 'bob', at(8)),
      paidBy('before-range', at(9), { affiliateId: 'bob', commissionCents: 1_000 }),
      paidBy('o1', at(12), { affiliateId: 'bob', commissionCents: 1_000 }),
      paidBy('at-to', at(20), { affiliateId: 'bob', commissionCents: 1_000 }),
    ]);
    expect(plan.ordersExamined).toBe(1);
    // 7-day window, first click: ann's click (9 days old) is out; bob's is the first one left — no change.
    expect(plan.changes).toEqual([]);
  });

  it('first click inside the window wins, and the change says before and after', () => {
    const plan = scanOf([
      ...shop,
      clicked('v1.a', 'ann', at(8)),
      clicked('v1.b', 'bob', at(11)),
      paidBy('o1', at(12), { affiliateId: 'bob', commissionCents: 1_000 }),
    ]);
    expect(plan.changes).toMatchObject([
      {
        orderId: 'o1',
        before: { affiliateId: 'bob', commissionCents: 1_000 },
        after: { affiliateId: 'ann', commissionCents: 1_000 },
        attribution: { clickId: 'v1.a', rulesVersion: 3, model: 'first_click' },
      },
    ]);
  });

  it('decides with the facts of the order’s time: a later rate change or suspension changes nothing', () => {
    const plan = scanOf(
      [
        ...shop,
        clicked('v1.a', 'ann', at(11)),
        paidBy('o1', at(12), { affiliateId: 'ann', commissionCents: 1_000 }),
        updated('ann', { rateBps: 5_000 }),
        updated('ann', { status: 'suspended' }),
      ],
      resolveReattribution({ from: at(10), to: at(20) }, DEFAULT_RULES),
    );
    expect(plan).toEqual({ ordersExamined: 1, changes: [], outstanding: [], bindings: [] });
  });

  it('bot clicks and self-referrals never win', () => {
    const plan = scanOf([
      ...shop,
      clicked('v1.a', 'ann', at(11), { bot: true }),
      clicked('v1.b', 'bob', at(11.5)),
      {
        ...paidBy('o1', at(12), null),
        data: { ...paidBy('o1', at(12), null).data, customerEmailHash: emailHashOf('bob') },
      },
    ]);
    expect(plan.changes).toEqual([]);
  });

  it('"before" is the latest re-attribution of the order; this re-attribution already on it is reported, not redone', () => {
    const events = [
      ...shop,
      clicked('v1.a', 'ann', at(11)),
      paidBy('o1', at(12), { affiliateId: 'bob', commissionCents: 1_000 }),
    ];
    const earlier = {
      type: 'OrderReattributed',
      data: { orderId: 'o1', reattributionId: 'ra_0', attribution: null, occurredAt: at(30) },
    };
    expect(scanOf([...events, earlier]).changes).toMatchObject([
      {
        before: { affiliateId: null, commissionCents: 0 },
        after: { affiliateId: 'ann' },
        applied: false,
      },
    ]);
    const ours = {
      type: 'OrderReattributed',
      data: {
        orderId: 'o1',
        reattributionId: 'ra_1',
        attribution: scanOf(events).changes[0]!.attribution,
        occurredAt: at(30),
      },
    };
    expect(scanOf([...events, ours]).changes).toMatchObject([
      {
        before: { affiliateId: 'bob', commissionCents: 1_000 },
        after: { affiliateId: 'ann' },
        applied: true,
      },
    ]);
  });

  it('a dry run after the apply compares with the order as it stands: the same rules move nothing', () => {
    const events = [
      ...shop,
      clicked('v1.a', 'ann', at(11)),
      paidBy('o1', at(12), { affiliateId: 'bob', commissionCents: 1_000 }),
    ];
    const before = scanOf(events);
    expect(before.outstanding).toEqual([
      {
        orderId: 'o1',
        before: { affiliateId: 'bob', commissionCents: 1_000 },
        after: { affiliateId: 'ann', commissionCents: 1_000 },
      },
    ]);
    const applied = {
      type: 'OrderReattributed',
      data: {
        orderId: 'o1',
        reattributionId: 'ra_1',
        attribution: before.changes[0]!.attribution,
        occurredAt: at(30),
      },
    };
    const after = scanOf([...events, applied]);
    expect(after.outstanding).toEqual([]);
    expect(after.ordersExamined).toBe(1);
  });
});

describe('re-attribution: the request', () => {
  it('merges the overrides over the program rules and normalises the instants', () => {
    expect(
      resolveReattribution(
        { from: '2025-03-01', to: '2025-04-01T00:00:00Z', rules: { cookieWindowDays: 7 } },
        DEFAULT_RULES,
      ),
    ).toEqual({
      from: '2025-03-01T00:00:00.000Z',
      to: '2025-04-01T00:00:00.000Z',
      rules: { ...DEFAULT_RULES, cookieWindowDays: 7 },
    });
  });

  it('the same range and rules give the same key, whatever the spelling', () => {
    const a = resolveReattribution(
      {
        from: '2025-03-01',
        to: '2025-04-01',
        rules: { attributionModel: 'first_click', cookieWindowDays: 7 },
      },
      DEFAULT_RULES,
    );
    const b = resolveReattribution(
      {
        from: '2025-03-01T00:00:00.000Z',
        to: '2025-04-01T00:00:00Z',
        rules: { cookieWindowDays: 7, attributionModel: 'first_click', minPayoutCents: 1 },
      },
      DEFAULT_RULES,
    );
    expect(reattributionKey(a)).toBe(reattributionKey(b));
    expect(reattributionKey(a)).not.toBe(
      reattributionKey({ ...a, rules: { ...a.rules, cookieWindowDays: 8 } }),
    );
  });

  it.each([
    [{ from: at(2), to: at(1) }, 'invalid_range'],
    [{ from: 'yesterday', to: at(1) }, 'invalid_range'],
    [{ from: at(0), to: at(1), rules: { currency: 'EUR' } }, 'currency_mismatch'],
    [{ from: at(0), to: at(1), rules: { attributionModel: 'middle_click' } }, 'invalid_rules'],
    [{ from: at(0), to: at(1), rules: { cookieWindowDays: -1 } }, 'invalid_rules'],
  ])('refuses %j (%s)', (request, code) => {
    expect(() => resolveReattribution(request as never, DEFAULT_RULES)).toThrow(Refusal);
    try {
      resolveReattribution(request as never, DEFAULT_RULES);
    } catch (error) {
      expect((error as Refusal).code).toBe(code);
    }
  });
});

describe('re-attribution: delta by affiliate', () => {
  it('sums after − before per affiliate, leaves out zeros, sorts by affiliate', () => {
    expect(
      deltaByAffiliate([
        {
          orderId: 'o1',
          before: { affiliateId: 'bob', commissionCents: 1_000 },
          after: { affiliateId: 'ann', commissionCents: 800 },
        },
        {
          orderId: 'o2',
          before: { affiliateId: 'ann', commissionCents: 500 },
          after: { affiliateId: 'cat', commissionCents: 500 },
        },
        {
          orderId: 'o3',
          before: { affiliateId: null, commissionCents: 0 },
          after: { affiliateId: 'bob', commissionCents: 1_000 },
        },
      ]),
    ).toEqual([
      { affiliateId: 'ann', deltaCents: 300 },
      { affiliateId: 'cat', deltaCents: 500 },
    ]);
  });
});
