import fc from 'fast-check';
import {
  evolveLedger,
  initialLedger,
  netOf,
  type AffiliateLedger,
} from '../src/commissions/affiliate-ledger';
import {
  applyMovement,
  balanceMovement,
  ZERO_BALANCES,
  type Balances,
} from '../src/commissions/balances';
import type { CommissionEvent } from '../src/commissions/commission-events';
import { commissionsDueBy } from '../src/commissions/make-commission-due';
import { postOrderToLedger, refundReversalTarget } from '../src/commissions/post-order-to-ledger';
import { evolveOrder, initialOrder, type OrderState } from '../src/orders/order-state';
import { closeDispute, refundOrder } from '../src/orders/refund-order';
import { approvePayout, recordPayoutOutcome, rejectPayout } from '../src/payouts/payout-decisions';
import type { PayoutEvent } from '../src/payouts/payout-events';
import { requestPayout } from '../src/payouts/request-payout';
import { evolveAffiliate } from '../src/affiliates/affiliate-state';
import { DEFAULT_RULES } from '../src/program/program-rules';
import { Refusal } from '../src/refusal';
import { at, earned, madeDue, orderPaid, payoutAccountSet, registered } from './fixtures';

const replay = (events: (CommissionEvent | PayoutEvent)[]): Balances =>
  events.reduce(applyMovement, ZERO_BALANCES);

describe('balances: how each event moves money', () => {
  it('a commission earned is earned and pending', () => {
    expect(balanceMovement(earned('o1', 1_000))).toEqual({
      earnedCents: 1_000,
      pendingCents: 1_000,
    });
  });

  it('a commission due moves its amount from pending to due', () => {
    expect(balanceMovement(madeDue('o1', 1_000))).toEqual({
      pendingCents: -1_000,
      dueCents: 1_000,
    });
  });

  it('a reversal takes from the balance it names; a restoration gives back to it', () => {
    const base = {
      commissionId: 'o1',
      affiliateId: 'ann',
      orderId: 'o1',
      amountCents: 300,
      occurredAt: at(1),
    };
    expect(
      balanceMovement({
        type: 'CommissionReversed',
        data: { ...base, reversalId: 'x', reason: 'refund', clawback: false, balance: 'pending' },
      }),
    ).toEqual({
      reversedCents: 300,
      pendingCents: -300,
    });
    expect(
      balanceMovement({
        type: 'CommissionRestored',
        data: { ...base, restorationId: 'y', reason: 'dispute_won', balance: 'due' },
      }),
    ).toEqual({
      reversedCents: -300,
      dueCents: 300,
    });
  });

  it('a payout moves due to requested, then to paid when sent, or back to due when it fails', () => {
    const data = { payoutId: 'p1', affiliateId: 'ann', amountCents: 6_000, occurredAt: at(1) };
    expect(
      balanceMovement({ type: 'PayoutApproved', data: { ...data, approvedBy: 'admin' } }),
    ).toEqual({});
    expect(balanceMovement({ type: 'PayoutSent', data: { ...data, providerRef: 'r' } })).toEqual({
      requestedCents: -6_000,
      paidCents: 6_000,
    });
    expect(balanceMovement({ type: 'PayoutFailed', data: { ...data, reason: 'r' } })).toEqual({
      requestedCents: -6_000,
      dueCents: 6_000,
    });
  });

  it('events that move no money leave the balances as they are', () => {
    expect(applyMovement(ZERO_BALANCES, registered('ann'))).toEqual(ZERO_BALANCES);
  });
});

/** One step of a random history of one affiliate, each decided by the real deciders (refusals are skipped). */
const stepArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      lines: fc.array(
        fc.record({
          amountCents: fc.integer({ min: 1, max: 200_000 }),
          rateBps: fc.integer({ min: 0, max: 3_000 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      order: fc.nat(),
      line: fc.option(fc.nat(), { nil: undefined }),
      perMille: fc.integer({ min: 1, max: 1_000 }),
      whole: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('dispute' as const),
      order: fc.nat(),
      dispute: fc.nat(1),
      won: fc.boolean(),
      perMille: fc.integer({ min: 1, max: 1_000 }),
      closedAfterDays: fc.integer({ min: -3, max: 3 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('time' as const),
      days: fc.integer({ min: 1, max: 40 }),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'request' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'approve' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'reject' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('outcome' as const), sent: fc.boolean() }),
  },
);

const rules = { ...DEFAULT_RULES, minPayoutCents: 500 };
const affiliate = evolveAffiliate(
  evolveAffiliate(null, registered('ann')),
  payoutAccountSet('ann'),
)!;

const orNothing = <T>(decide: () => T): T | null => {
  try {
    return decide();
  } catch (error) {
    if (error instanceof Refusal) return null;
    throw error;
  }
};

/** What must hold of a ledger at every step, whatever happened before. */
const expectConsistent = (ledger: AffiliateLedger, events: (CommissionEvent | PayoutEvent)[]) => {
  const b = ledger.balances;
  expect(b).toEqual(replay(events));
  expect(b.earnedCents - b.reversedCents).toBe(
    b.pendingCents + b.dueCents + b.requestedCents + b.paidCents,
  );
  const commissions = [...ledger.commissions.values()];
  for (const entry of commissions) {
    expect(entry.reversedCents).toBeGreaterThanOrEqual(0);
    expect(entry.reversedCents).toBeLessThanOrEqual(entry.earnedCents);
  }
  const netWhere = (keep: (entry: (typeof commissions)[number]) => boolean) =>
    commissions.filter(keep).reduce((total, entry) => total + netOf(entry), 0);
  expect(b.pendingCents).toBe(netWhere((entry) => entry.status === 'pending'));
  const adjustments = [...ledger.adjustments.values()].reduce(
    (total, adjustment) => total + adjustment.cents,
    0,
  );
  expect(b.dueCents).toBe(
    netWhere((entry) => entry.status === 'due' && entry.payoutId === null) + adjustments,
  );
  const payouts = [...ledger.payouts.values()];
  expect(b.requestedCents).toBe(
    payouts
      .filter((p) => p.status === 'requested' || p.status === 'approved')
      .reduce((t, p) => t + p.amountCents, 0),
  );
  expect(b.paidCents).toBe(
    payouts.filter((p) => p.status === 'sent').reduce((t, p) => t + p.amountCents, 0),
  );
  const paidCommissions = payouts
    .filter((p) => p.status === 'sent')
    .flatMap((p) => p.commissionIds);
  expect(new Set(paidCommissions).size).toBe(paidCommissions.length);
};

describe('balances: the algebra conserves money (property)', () => {
  it('at every step of a random history, earned − reversed = pending + due + requested + paid, and each balance matches the entries behind it', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 10, maxLength: 60 }), (steps) => {
        const ledger = initialLedger();
        const events: (CommissionEvent | PayoutEvent)[] = [];
        const orders: OrderState[] = [];
        let day = 0;
        const append = (...decided: (CommissionEvent | PayoutEvent | null)[]) => {
          for (const event of decided) {
            if (!event) continue;
            events.push(event);
            evolveLedger(ledger, event);
          }
        };
        const postAll = () =>
          orders.forEach((order) => append(...postOrderToLedger(order, ledger)));

        for (const step of steps) {
          const pick = (n: number) => (orders.length ? n % orders.length : -1);
          switch (step.kind) {
            case 'order': {
              const paid = orderPaid({
                orderId: `o${orders.length}`,
                paidAt: at(day),
                lines: step.lines.map((line, i) => ({ productId: `p${i}`, ...line })),
              });
              orders.push(evolveOrder(initialOrder, paid));
              break;
            }
            case 'refund': {
              const i = pick(step.order);
              if (i < 0) break;
              const order = orders[i]!;
              const line =
                step.line === undefined
                  ? undefined
                  : order.paid!.lines[step.line % order.paid!.lines.length]!;
              const amountCents = Math.max(
                1,
                Math.floor(((line?.amountCents ?? order.paid!.totalCents) * step.perMille) / 1_000),
              );
              const body = step.whole
                ? {}
                : line
                  ? { lines: [{ productId: line.productId, amountCents }] }
                  : { amountCents };
              const outcome = orNothing(() =>
                refundOrder(order, {
                  orderId: order.paid!.orderId,
                  refundId: `r${order.refunds.length}`,
                  refundedAt: at(day),
                  source: 'stripe',
                  ...body,
                }),
              );
              if (outcome?.kind === 'refunded') orders[i] = evolveOrder(order, outcome.event);
              break;
            }
            case 'dispute': {
              const i = pick(step.dispute + step.order);
              if (i < 0) break;
              const order = orders[i]!;
              const closed = closeDispute(order, {
                orderId: order.paid!.orderId,
                disputeId: `d${step.dispute}`,
                status: step.won ? 'won' : 'lost',
                amountCents: Math.max(
                  1,
                  Math.floor((order.paid!.totalCents * step.perMille) / 1_000),
                ),
                closedAt: at(day + step.closedAfterDays),
              });
              if (closed) orders[i] = evolveOrder(order, closed);
              break;
            }
            case 'time':
              day += step.days;
              append(...commissionsDueBy(ledger, 'ann', at(day)));
              break;
            case 'request':
              append(
                orNothing(() =>
                  requestPayout(ledger, affiliate, rules, {
                    payoutId: `pay${ledger.payouts.size}`,
                    now: at(day),
                  }),
                ),
              );
              break;
            case 'approve':
            case 'reject': {
              const payoutId = ledger.openPayoutId;
              if (!payoutId) break;
              const now = at(day);
              append(
                orNothing(() =>
                  step.kind === 'approve'
                    ? approvePayout(ledger, 'ann', { payoutId, approvedBy: 'admin', now })
                    : rejectPayout(ledger, 'ann', { payoutId, reason: 'no', now }),
                ),
              );
              break;
            }
            case 'outcome': {
              const payoutId = ledger.openPayoutId;
              if (!payoutId) break;
              const now = at(day);
              append(
                recordPayoutOutcome(
                  ledger,
                  'ann',
                  step.sent
                    ? { payoutId, now, sent: true, providerRef: `ref-${payoutId}` }
                    : { payoutId, now, sent: false, reason: 'failed' },
                ),
              );
              break;
            }
          }
          postAll();
          expectConsistent(ledger, events);
          for (const order of orders) {
            // Posting is idempotent: right after posting, nothing is missing.
            expect(postOrderToLedger(order, ledger)).toEqual([]);
            // Whatever disputes did, the commission on refunded money stays taken back.
            const entry = ledger.commissions.get(order.commissionId!);
            if (entry && order.refunds.length)
              expect(entry.reversedCents).toBeGreaterThanOrEqual(
                refundReversalTarget(order, order.refunds.length),
              );
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
