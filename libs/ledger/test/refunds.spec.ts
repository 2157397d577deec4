import fc from 'fast-check';
import { evolveLedger, initialLedger } from '../src/commissions/affiliate-ledger';
import type { CommissionEvent } from '../src/commissions/commission-events';
import { postOrderToLedger } from '../src/commissions/post-order-to-ledger';
import { evolveOrder, initialOrder, type OrderState } from '../src/orders/order-state';
import { refundOrder, type RefundOrder } from '../src/orders/refund-order';
import { Refusal } from '../src/refusal';
import { orderSpec, postingSpec, type PostingEvent } from './deciders';
import { at, earned, orderPaid, refunded } from './fixtures';

/** $150: a $100 tee at 10 % and a $50 mug at 20 % — 1000 + 1000 = 2000 cents of commission. */
const paid = orderPaid({
  orderId: 'o1',
  lines: [
    { productId: 'tee', amountCents: 10_000, rateBps: 1_000 },
    { productId: 'mug', amountCents: 5_000, rateBps: 2_000 },
  ],
});
const refund = (
  refundId: string,
  body: Omit<RefundOrder, 'orderId' | 'refundId' | 'refundedAt' | 'source'>,
  refundedAt = at(1),
): { type: 'RefundOrder'; refund: RefundOrder } => ({
  type: 'RefundOrder',
  refund: { orderId: 'o1', refundId, refundedAt, source: 'stripe', ...body },
});
/** The order with its commission already in the ledger, then `orderEvents`. */
const posted = (...orderEvents: PostingEvent[]): PostingEvent[] => [
  paid,
  ...postingSpec([paid]).when('PostOrderToLedger').events(),
  ...orderEvents,
];
const reversal = (amountCents: number, extra: object = {}) => ({
  type: 'CommissionReversed',
  data: { amountCents, reason: 'refund', ...extra },
});

describe('refunds: the order stream', () => {
  it('a refund within what is left is recorded', () => {
    orderSpec([paid])
      .when(refund('r1', { amountCents: 5_000 }))
      .thenMatches([{ type: 'OrderRefunded', data: { refundId: 'r1', amountCents: 5_000 } }]);
  });

  it('a negative or zero refund is invalid input and records nothing', () => {
    orderSpec([paid])
      .when(refund('r1', { amountCents: -5_000 }))
      .thenThrows('invalid_amount', 'invalid');
    orderSpec([paid])
      .when(refund('r1', { amountCents: 0 }))
      .thenThrows('invalid_amount', 'invalid');
    orderSpec([paid])
      .when(refund('r1', { lines: [{ productId: 'mug', amountCents: -1 }] }))
      .thenThrows('invalid_amount', 'invalid');
  });

  it('a refund above what is left of the order is refused refund_exceeds_order', () => {
    orderSpec([paid, refunded('o1', 'r1', { amountCents: 10_000 })])
      .when(refund('r2', { amountCents: 5_001 }))
      .thenThrows('refund_exceeds_order', 'refused');
  });

  it('a line refund above what is left of that line is refused refund_exceeds_order', () => {
    orderSpec([paid, refunded('o1', 'r1', { lines: [{ productId: 'mug', amountCents: 3_000 }] })])
      .when(refund('r2', { lines: [{ productId: 'mug', amountCents: 2_001 }] }))
      .thenThrows('refund_exceeds_order');
  });

  it('a refund of a line the order does not have is refused unknown_line', () => {
    orderSpec([paid])
      .when(refund('r1', { lines: [{ productId: 'hat', amountCents: 1 }] }))
      .thenThrows('unknown_line');
  });

  it('a whole-order refund of an order already refunded in full is refused refund_exceeds_order', () => {
    orderSpec([paid, refunded('o1', 'r1', { amountCents: 15_000 })])
      .when(refund('r2', {}))
      .thenThrows('refund_exceeds_order');
  });

  it('after a line refund, an order-level refund of exactly the rest is accepted', () => {
    orderSpec([paid, refunded('o1', 'r1', { lines: [{ productId: 'tee', amountCents: 10_000 }] })])
      .when(refund('r2', { amountCents: 5_000 }))
      .thenMatches([{ type: 'OrderRefunded' }]);
  });

  it('after an order-level refund, a line refund within what the order has left is accepted', () => {
    orderSpec([paid, refunded('o1', 'r1', { amountCents: 7_500 })])
      .when(refund('r2', { lines: [{ productId: 'tee', amountCents: 5_000 }] }))
      .thenMatches([{ type: 'OrderRefunded' }]);
  });

  it('the same refundId delivered twice is recorded once', () => {
    orderSpec([paid, refunded('o1', 'r1', { amountCents: 5_000 })])
      .when(refund('r1', { amountCents: 5_000 }, at(2)))
      .thenNothing();
  });

  it('the same refundId with a different amount is a conflict (409)', () => {
    orderSpec([paid, refunded('o1', 'r1', { amountCents: 5_000 })])
      .when(refund('r1', { amountCents: 6_000 }))
      .thenThrows('refund_conflict', 'conflict');
  });

  it('a refund that arrives before its order is kept', () => {
    orderSpec([])
      .when(refund('r1', { amountCents: 5_000 }))
      .thenMatches([{ type: 'OrderRefunded' }]);
  });
});

describe('refunds: reversing commission', () => {
  it('a partial refund of one line reverses only that line’s commission share', () => {
    postingSpec(posted(refunded('o1', 'r1', { lines: [{ productId: 'mug', amountCents: 2_500 }] })))
      .when('PostOrderToLedger')
      .thenMatches([
        reversal(500, { reversalId: 'refund:r1|o1', balance: 'pending', clawback: false }),
      ]);
  });

  it('an order-level partial refund reverses commission in proportion to each line', () => {
    // Half of $150: half of each line's commission.
    postingSpec(posted(refunded('o1', 'r1', { amountCents: 7_500 })))
      .when('PostOrderToLedger')
      .thenMatches([reversal(1_000)]);
  });

  it('a reversal is dated when the refund happened', () => {
    postingSpec(posted(refunded('o1', 'r1', { amountCents: 7_500, refundedAt: at(3) })))
      .when('PostOrderToLedger')
      .thenMatches([{ data: { occurredAt: at(3) } }]);
  });

  it('two order-level refunds that add up to the whole reverse exactly the whole commission (667 + 1333)', () => {
    const first = posted(refunded('o1', 'r1', { amountCents: 5_000 }));
    const afterFirst = [...first, ...postingSpec(first).when('PostOrderToLedger').events()];
    expect(afterFirst.at(-1)).toMatchObject(reversal(667));
    postingSpec([...afterFirst, refunded('o1', 'r2', { amountCents: 10_000 })])
      .when('PostOrderToLedger')
      .thenMatches([reversal(1_333)]);
  });

  it('a line refund then an order-level refund of the rest reverse exactly the whole commission', () => {
    const first = posted(
      refunded('o1', 'r1', { lines: [{ productId: 'tee', amountCents: 10_000 }] }),
    );
    const afterFirst = [...first, ...postingSpec(first).when('PostOrderToLedger').events()];
    expect(afterFirst.at(-1)).toMatchObject(reversal(1_000));
    postingSpec([...afterFirst, refunded('o1', 'r2', { amountCents: 5_000 })])
      .when('PostOrderToLedger')
      .thenMatches([reversal(1_000)]);
  });

  it('a whole-order refund reverses the whole commission', () => {
    postingSpec(posted(refunded('o1', 'r1')))
      .when('PostOrderToLedger')
      .thenMatches([reversal(2_000)]);
  });

  it('a refund of a line that earned nothing reverses nothing', () => {
    const withSticker = orderPaid({
      orderId: 'o2',
      lines: [
        { productId: 'tee', amountCents: 10_000, rateBps: 1_000 },
        { productId: 'sticker', amountCents: 500, rateBps: 0 },
      ],
    });
    postingSpec([
      withSticker,
      earned('o2', 1_000),
      refunded('o2', 'r1', { lines: [{ productId: 'sticker', amountCents: 500 }] }),
    ])
      .when('PostOrderToLedger')
      .thenNothing();
  });

  it('a refund that arrives before its order is applied when the order arrives: earned, then reversed', () => {
    postingSpec([refunded('o1', 'r1', { amountCents: 7_500, refundedAt: at(-1) }), paid])
      .when('PostOrderToLedger')
      .then([
        {
          type: 'CommissionEarned',
          data: {
            commissionId: 'o1',
            affiliateId: 'ann',
            orderId: 'o1',
            clickId: 'v1.c1',
            rulesVersion: 1,
            lines: paid.data.attribution!.lines,
            amountCents: 2_000,
            currency: 'USD',
            earnedAt: paid.data.paidAt,
            dueAt: at(30),
          },
        },
        {
          type: 'CommissionReversed',
          data: {
            reversalId: 'refund:r1|o1',
            commissionId: 'o1',
            affiliateId: 'ann',
            orderId: 'o1',
            amountCents: 1_000,
            reason: 'refund',
            balance: 'pending',
            clawback: false,
            occurredAt: paid.data.paidAt,
          },
        },
      ]);
  });

  it('the same refund delivered twice posts once: posting again after its own output changes nothing', () => {
    postingSpec(posted(refunded('o1', 'r1', { amountCents: 7_500 })))
      .when('PostOrderToLedger')
      .thenMatches([reversal(1_000)]);
    const once = posted(refunded('o1', 'r1', { amountCents: 7_500 }));
    const afterPosting = [...once, ...postingSpec(once).when('PostOrderToLedger').events()];
    postingSpec(afterPosting).when('PostOrderToLedger').thenNothing();
  });
});

describe('refunds: no cent lost or doubled (property)', () => {
  const lineArb = fc.record({
    amountCents: fc.integer({ min: 1, max: 500_000 }),
    rateBps: fc.integer({ min: 0, max: 10_000 }),
  });
  /** A candidate refund: of one line or of the order, a share (per mille) of that line or of the order. */
  const stepArb = fc.record({
    line: fc.option(fc.nat(), { nil: undefined }),
    perMille: fc.integer({ min: 1, max: 1_000 }),
  });

  it('for random lines, rates and splits of the whole order into refunds, the reversals sum to the commission exactly and never exceed it', () => {
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 4 }),
        fc.array(stepArb, { maxLength: 6 }),
        fc.boolean(),
        (lines, steps, lastIsWhole) => {
          const paidEvent = orderPaid({
            orderId: 'o1',
            lines: lines.map((line, i) => ({ productId: `p${i}`, ...line })),
          });
          const commission = paidEvent.data.attribution!.commissionCents;
          let order: OrderState = evolveOrder(initialOrder, paidEvent);
          const ledger = initialLedger();
          let refundedCents = 0;
          let reversedCents = 0;
          const applyRefund = (command: RefundOrder) => {
            const outcome = refundOrder(order, command);
            if (outcome.kind !== 'refunded') throw new Error('a new refundId must be recorded');
            order = evolveOrder(order, outcome.event);
            const events = postOrderToLedger(order, ledger);
            events.forEach((event) => evolveLedger(ledger, event));
            reversedCents += reversalsIn(events);
            expect(reversedCents).toBeLessThanOrEqual(commission);
            expect(postOrderToLedger(order, ledger)).toEqual([]);
          };
          evolveNewCommission(order, ledger);

          steps.forEach((step, i) => {
            const line =
              step.line === undefined ? undefined : paidEvent.data.lines[step.line % lines.length]!;
            const base = line ? line.amountCents : paidEvent.data.totalCents;
            const amountCents = Math.max(1, Math.floor((base * step.perMille) / 1_000));
            const command: RefundOrder = {
              orderId: 'o1',
              refundId: `r${i}`,
              refundedAt: at(1),
              source: 'stripe',
              ...(line ? { lines: [{ productId: line.productId, amountCents }] } : { amountCents }),
            };
            try {
              applyRefund(command);
              refundedCents += amountCents;
            } catch (error) {
              if (!(error instanceof Refusal) || error.code !== 'refund_exceeds_order') throw error;
            }
          });
          const rest = paidEvent.data.totalCents - refundedCents;
          if (rest > 0) {
            applyRefund({
              orderId: 'o1',
              refundId: 'last',
              refundedAt: at(2),
              source: 'stripe',
              ...(lastIsWhole ? {} : { amountCents: rest }),
            });
          }
          expect(reversedCents).toBe(commission);
        },
      ),
      { numRuns: 500 },
    );
  });
});

const reversalsIn = (events: CommissionEvent[]) =>
  events.reduce(
    (total, event) => total + (event.type === 'CommissionReversed' ? event.data.amountCents : 0),
    0,
  );

const evolveNewCommission = (order: OrderState, ledger: ReturnType<typeof initialLedger>) => {
  for (const event of postOrderToLedger(order, ledger)) evolveLedger(ledger, event);
};
