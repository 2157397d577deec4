import { Audit } from '../../src/audit/audit';
import type { EventStore } from '@threadtrak/event-store';
import { DAY } from '@threadtrak/ledger';
import { PostReattributedOrder } from '../../src/reattribution/post-reattributed-order';
import { day, PRODUCTS, ReattributionWorld, T0, type PlainOrder } from './reattribution.world';

/**
 * Attribution worked out plainly, without `attributeOrder`: the human clicks of the order's visitor at most
 * `windowDays` before the payment, of an active affiliate that is not the customer; the first or last of
 * them (ties by click id); each line at the affiliate's rate, else the product's, else 10 %, when the product
 * is eligible and in the affiliate's scope, half up.
 */
const decide = (
  world: ReattributionWorld,
  order: PlainOrder,
  windowDays: number,
  model: 'first' | 'last',
) => {
  const candidates = world.clicks
    .filter((click) => click.visitorId === order.visitorId && !click.bot)
    .filter((click) => click.at <= order.paidAt && order.paidAt - click.at <= windowDays * DAY)
    .filter(
      (click) =>
        world.affiliates.find((a) => a.affiliateId === click.affiliateId)!.email !==
        order.customerEmail?.toLowerCase(),
    )
    .sort((a, b) => a.at - b.at || (a.clickId < b.clickId ? -1 : 1));
  const winner = model === 'first' ? candidates[0] : candidates[candidates.length - 1];
  if (!winner) return { affiliateId: null, commissionCents: 0 };
  const affiliate = world.affiliates.find((a) => a.affiliateId === winner.affiliateId)!;
  let commissionCents = 0;
  for (const line of order.lines) {
    const product = PRODUCTS.find((p) => p.productId === line.productId)!;
    if (
      !product.eligible ||
      (affiliate.scope !== 'all' && !affiliate.scope.includes(line.productId))
    )
      continue;
    const rate = affiliate.rateBps ?? product.rateBps ?? 1_000;
    commissionCents += Math.floor((line.amountCents * rate + 5_000) / 10_000);
  }
  return { affiliateId: affiliate.affiliateId, commissionCents };
};

/** What an order's commission is worth after its refunds: nothing after a whole refund, else the refunded share taken back, half up. */
const netAfterRefunds = (order: PlainOrder, commissionCents: number): number => {
  const refund = order.refunds[0];
  if (!refund) return commissionCents;
  if (refund.whole) return 0;
  const amount = order.lines[0]!.amountCents;
  return (
    commissionCents - Math.floor((2 * commissionCents * refund.amountCents + amount) / (2 * amount))
  );
};

const FROM = day(10);
const TO = day(80);
const inRange = (order: PlainOrder) =>
  order.paidAt >= T0 + 10 * DAY && order.paidAt < T0 + 80 * DAY;
const NEW_RULES = { cookieWindowDays: 7, attributionModel: 'first_click' as const };

const expectedDiff = (world: ReattributionWorld) => {
  const changes = world.orders
    .filter(inRange)
    .map((order) => ({
      orderId: order.orderId,
      before: decide(world, order, 30, 'last'),
      after: decide(world, order, 7, 'first'),
    }))
    .filter(
      ({ before, after }) =>
        before.affiliateId !== after.affiliateId ||
        before.commissionCents !== after.commissionCents,
    )
    .sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  const deltas = new Map<string, number>();
  for (const { before, after } of changes) {
    if (before.affiliateId)
      deltas.set(
        before.affiliateId,
        (deltas.get(before.affiliateId) ?? 0) - before.commissionCents,
      );
    if (after.affiliateId)
      deltas.set(after.affiliateId, (deltas.get(after.affiliateId) ?? 0) + after.commissionCents);
  }
  const deltaByAffiliate = [...deltas]
    .filter(([, cents]) => cents !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([affiliateId, deltaCents]) => ({ affiliateId, deltaCents }));
  return { ordersExamined: world.orders.filter(inRange).length, changes, deltaByAffiliate };
};

/** Each affiliate's commissions net of refunds, each order earning under the rules that now decide it. */
const expectedNet = (world: ReattributionWorld, reattributed: (order: PlainOrder) => boolean) => {
  const net = new Map(world.affiliates.map((a) => [a.affiliateId, 0]));
  for (const order of world.orders) {
    const { affiliateId, commissionCents } = reattributed(order)
      ? decide(world, order, 7, 'first')
      : decide(world, order, 30, 'last');
    if (affiliateId)
      net.set(affiliateId, net.get(affiliateId)! + netAfterRefunds(order, commissionCents));
  }
  return net;
};

const expectBalancedLedgers = async (world: ReattributionWorld, net: Map<string, number>) => {
  for (const { affiliateId } of world.affiliates) {
    const b = await world.balances(affiliateId);
    expect({ affiliateId, net: b.earnedCents - b.reversedCents }).toEqual({
      affiliateId,
      net: net.get(affiliateId),
    });
    expect(b.earnedCents - b.reversedCents).toBe(
      b.pendingCents + b.dueCents + b.requestedCents + b.paidCents,
    );
  }
};

describe('re-attribution: 200 orders over 90 days, cookie window 30 → 7 days, last → first click', () => {
  let world: ReattributionWorld;

  beforeAll(async () => {
    world = await ReattributionWorld.open();
    await world.build();
  }, 120_000);

  afterAll(() => world.close());

  it('the history was attributed as the plain calculation says, under 30 days and last click', async () => {
    for (const order of world.orders)
      expect({ orderId: order.orderId, ...order.answered }).toEqual({
        orderId: order.orderId,
        ...decide(world, order, 30, 'last'),
      });
    await expectBalancedLedgers(
      world,
      expectedNet(world, () => false),
    );
  });

  it('the dry run shows exactly the expected changes and deltas, and appends nothing', async () => {
    const head = await world.store.headPosition();
    const dryRun = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: true });
    const expected = expectedDiff(world);

    expect(dryRun).toMatchObject({
      reattributionId: expect.stringMatching(/^ra_[0-9a-f]{16}$/),
      dryRun: true,
      ...expected,
    });
    expect(dryRun.appliedAt).toBeUndefined();
    expect(await world.store.headPosition()).toBe(head);
    // The story is worth telling: commissions move to other affiliates, and to nobody (a narrower window finds no click).
    expect(expected.changes.length).toBeGreaterThan(20);
    expect(expected.changes.some((c) => c.after.affiliateId === null)).toBe(true);
    expect(
      expected.changes.some((c) => c.before.affiliateId !== null && c.after.affiliateId !== null),
    ).toBe(true);
  });

  it('apply appends the diff; the ledgers then hold what the plain calculation expects, clawbacks included; an audit as of before the apply still shows the old balances', async () => {
    const dryRun = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: true });
    const before = await new Audit(world.store).run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const cut = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const applied = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: false });

    const asOfCut = await new Audit(world.store).run({ at: cut });
    const now = await new Audit(world.store).run();
    expect(asOfCut.affiliates).toEqual(before.affiliates);
    expect(now.affiliates).not.toEqual(before.affiliates);
    for (const report of [asOfCut, now]) {
      expect(report.invariants.filter((invariant) => !invariant.ok)).toEqual([]);
      expect(report.chain.ok).toBe(true);
    }
    const expectedAfter = expectedNet(world, (order) => inRange(order));
    for (const affiliate of now.affiliates)
      expect(affiliate.earnedCents - affiliate.reversedCents).toBe(
        expectedAfter.get(affiliate.affiliateId) ?? 0,
      );

    const { appliedAt: _appliedAt, dryRun: _dry, ...asApplied } = applied;
    const { appliedAt: _none, dryRun: _dry2, ...asPlanned } = dryRun;
    expect(asApplied).toEqual(asPlanned);
    expect(applied.appliedAt).toBe(world.clock.now().toISOString());

    const changed = new Set(applied.changes.map((change) => change.orderId));
    await expectBalancedLedgers(
      world,
      expectedNet(world, (order) => inRange(order)),
    );
    for (const order of world.orders.filter((o) => changed.has(o.orderId))) {
      const stream = [];
      for await (const event of world.store.readStream(`order-${order.orderId}`))
        stream.push(event);
      expect(stream.filter((event) => event.type === 'OrderReattributed')).toMatchObject([
        { data: { reattributionId: applied.reattributionId } },
      ]);
    }

    // The affiliate paid out at day 75 had commissions taken away afterwards: clawbacks on the due balance.
    const clawbacks = (await world.ledgerEvents(world.paidAffiliateId)).filter(
      (e) =>
        e.type === 'CommissionReversed' && e.data.reason === 'reattribution' && e.data.clawback,
    );
    expect(clawbacks.length).toBeGreaterThan(0);
    expect(
      clawbacks.every(
        (e) => e.data.balance === 'due' && e.data.reattributionId === applied.reattributionId,
      ),
    ).toBe(true);
  });

  it('applying the same re-attribution again changes nothing and answers the stored record', async () => {
    const head = await world.store.headPosition();
    const again = await world.reattribute().run({
      from: '2025-01-11',
      to: '2025-03-22T00:00:00Z',
      rules: { attributionModel: 'first_click', cookieWindowDays: 7 },
      dryRun: false,
    });
    expect(await world.store.headPosition()).toBe(head);
    expect(again).toMatchObject({ ...expectedDiff(world), dryRun: false });
    expect(again.appliedAt).toEqual(expect.any(String));
  });

  it('a dry run after the apply, with the same overrides, moves no order and says when it was applied', async () => {
    const head = await world.store.headPosition();
    const applied = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: false });
    const dryRun = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: true });
    expect(await world.store.headPosition()).toBe(head);
    expect(dryRun).toMatchObject({
      reattributionId: applied.reattributionId,
      ordersExamined: applied.ordersExamined,
      changes: [],
      deltaByAffiliate: [],
      dryRun: true,
      appliedAt: applied.appliedAt,
    });
  });

  it('the commissions that became due only now follow the hold, and a second re-attribution back undoes the first', async () => {
    world.clock.advance(DAY);
    await world.makeDue();
    const back = await world.reattribute().run({
      from: FROM,
      to: TO,
      rules: { cookieWindowDays: 30, attributionModel: 'last_click' },
      dryRun: false,
    });
    expect(
      back.changes.map((c) => ({ orderId: c.orderId, before: c.after, after: c.before })),
    ).toEqual(expectedDiff(world).changes);
    await expectBalancedLedgers(
      world,
      expectedNet(world, () => false),
    );
  });
});

describe('re-attribution racing the write side', () => {
  let world: ReattributionWorld;

  beforeEach(async () => {
    world = await ReattributionWorld.open();
    await world.build({ seed: 11, orders: 80, visitors: 50, days: 90, payoutDay: 75 });
  }, 120_000);

  afterEach(() => world.close());

  /** The store as the re-attribution sees it; `before` runs once, just before the first append `when` picks. */
  const racing = (
    when: (stream: string, type: string) => boolean,
    before: (stream: string) => Promise<void>,
  ): EventStore => {
    let fired = false;
    return new Proxy(world.store, {
      get(target, property, receiver) {
        if (property !== 'appendToStream') return Reflect.get(target, property, receiver);
        return async (stream: string, events: { type: string }[], options: unknown) => {
          if (!fired && when(stream, events[0]!.type)) {
            fired = true;
            await before(stream);
          }
          return target.appendToStream(stream, events as never, options as never);
        };
      },
    });
  };

  it('a refund and a new order arriving during the apply: the refund lands on the new commission, the new order keeps its decision', async () => {
    const { runtime } = world;
    let refundedOrderId = '';
    const lateOrderId = 'order-late';
    const late = world.orders.find(inRange)!;
    const store = racing(
      (stream, type) => stream.startsWith('order-') && type === 'OrderReattributed',
      async (stream) => {
        refundedOrderId = stream.slice('order-'.length);
        await runtime.recordRefund.refund(
          {
            orderId: refundedOrderId,
            refundId: 'refund-during-apply',
            refundedAt: world.clock.now().toISOString(),
            source: 'api',
          },
          { actor: 'shop' },
        );
        await runtime.recordOrder.execute(
          {
            orderId: lateOrderId,
            paidAt: new Date(late.paidAt).toISOString(),
            currency: 'USD',
            lines: late.lines,
            visitorId: late.visitorId,
          },
          'api',
          { actor: 'shop' },
        );
      },
    );

    const applied = await world
      .reattribute(store)
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: false });

    expect(applied.changes.map((c) => c.orderId)).toContain(refundedOrderId);
    expect(applied.changes.map((c) => c.orderId)).not.toContain(lateOrderId);
    const refunded = world.orders.find((o) => o.orderId === refundedOrderId)!;
    refunded.refunds = [{ whole: true }];
    const lateDecision = decide(world, late, 30, 'last');
    world.orders.push({ ...late, orderId: lateOrderId, answered: lateDecision, refunds: [] });
    // The late order was decided by the write side under the rules in force (30 days, last click); it is not re-decided.
    await expectBalancedLedgers(
      world,
      expectedNet(world, (order) => inRange(order) && order.orderId !== lateOrderId),
    );
    const change = applied.changes.find((c) => c.orderId === refundedOrderId)!;
    if (change.after.affiliateId && change.after.commissionCents > 0) {
      const entries = (await world.ledgerEvents(change.after.affiliateId)).filter(
        (e) => e.data.commissionId === `${refundedOrderId}~${applied.reattributionId}`,
      );
      expect(entries.map((e) => [e.type, e.data.amountCents])).toEqual([
        ['CommissionEarned', change.after.commissionCents],
        ['CommissionReversed', change.after.commissionCents],
      ]);
    }
  });

  it('an apply that stops half-way is finished by applying again, with the same answer', async () => {
    const dryRun = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: true });
    const crashing = racing(
      (stream) => stream.startsWith('ledger-'),
      async () => {
        throw new Error('power cut');
      },
    );
    await expect(
      world.reattribute(crashing).run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: false }),
    ).rejects.toThrow('power cut');

    const finished = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: false });
    expect(finished.changes).toEqual(dryRun.changes);
    expect(finished.deltaByAffiliate).toEqual(dryRun.deltaByAffiliate);
    await expectBalancedLedgers(
      world,
      expectedNet(world, (order) => inRange(order)),
    );
  });

  it('after a stop between the orders and the ledgers, the ledger-posting consumer alone completes the ledgers', async () => {
    const dryRun = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: true });
    const crashing = racing(
      (stream) => stream.startsWith('ledger-'),
      async () => {
        throw new Error('power cut');
      },
    );
    await expect(
      world.reattribute(crashing).run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: false }),
    ).rejects.toThrow('power cut');

    const posting = new PostReattributedOrder(world.runtime.log, world.clock);
    for (const { orderId } of dryRun.changes) {
      await posting.execute(orderId);
      await world.runtime.postOrder.execute(orderId);
    }
    await expectBalancedLedgers(
      world,
      expectedNet(world, (order) => inRange(order)),
    );

    const head = await world.store.headPosition();
    const finished = await world
      .reattribute()
      .run({ from: FROM, to: TO, rules: NEW_RULES, dryRun: false });
    expect(finished.changes).toEqual(dryRun.changes);
    expect(await world.store.headPosition()).toBe(
      head + Math.ceil(Math.max(dryRun.changes.length, 1) / 1000),
    );
  });
});
