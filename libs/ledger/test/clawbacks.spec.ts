import { evolveLedger, initialLedger } from '../src/commissions/affiliate-ledger';
import type { CommissionEvent } from '../src/commissions/commission-events';
import type { PayoutEvent } from '../src/payouts/payout-events';
import {
  ledgerSpec,
  postingSpec,
  runLedger as run,
  type LedgerWorldEvent,
  type PostingEvent,
} from './deciders';
import { at, earned, madeDue, orderPaid, payoutAccountSet, refunded, registered } from './fixtures';

/** A $600 order earning 6000 cents. */
const paid = orderPaid({
  orderId: 'o1',
  lines: [{ productId: 'tee', amountCents: 60_000, rateBps: 1_000 }],
});
const ann = [registered('ann'), payoutAccountSet('ann')];
type MoneyEvent = CommissionEvent | PayoutEvent;

const moneyOf = (events: readonly unknown[]) =>
  (events as LedgerWorldEvent[]).filter(
    (event): event is MoneyEvent =>
      /^(Commission|Payout)/.test(event.type) && event.type !== 'PayoutAccountSet',
  );
const balancesOf = (events: readonly unknown[]) =>
  moneyOf(events).reduce(evolveLedger, initialLedger()).balances;

const paidOut = run(
  [...ann, earned('o1', 6_000), madeDue('o1', 6_000)],
  { type: 'RequestPayout', payoutId: 'p1', now: at(31) },
  { type: 'ApprovePayout', payoutId: 'p1', now: at(31) },
  { type: 'RecordPayoutOutcome', payoutId: 'p1', now: at(32), sent: true, providerRef: 'PP-1' },
);

describe('clawbacks', () => {
  it('a refund after the commission was paid out is a clawback on the due balance', () => {
    postingSpec([
      paid,
      ...moneyOf(paidOut),
      refunded('o1', 'r1', { amountCents: 30_000, refundedAt: at(40) }),
    ])
      .when('PostOrderToLedger')
      .thenMatches([
        {
          type: 'CommissionReversed',
          data: {
            reversalId: 'refund:r1|o1',
            amountCents: 3_000,
            clawback: true,
            balance: 'due',
            occurredAt: at(40),
          },
        },
      ]);
  });

  it('a clawback leaves a negative due balance, and nothing can be requested', () => {
    const history: PostingEvent[] = [
      paid,
      ...moneyOf(paidOut),
      refunded('o1', 'r1', { amountCents: 30_000 }),
    ];
    const clawback = postingSpec(history).when('PostOrderToLedger').events();
    expect(balancesOf([...paidOut, ...clawback])).toMatchObject({
      dueCents: -3_000,
      paidCents: 6_000,
      reversedCents: 3_000,
    });
    ledgerSpec([...paidOut, ...clawback])
      .when({ type: 'RequestPayout', payoutId: 'p2', now: at(41) })
      .thenThrows('nothing_due');
  });

  it('the next payout nets the clawback: it pays the new commission less what was clawed back', () => {
    const clawback = postingSpec([
      paid,
      ...moneyOf(paidOut),
      refunded('o1', 'r1', { amountCents: 30_000 }),
    ])
      .when('PostOrderToLedger')
      .events();
    ledgerSpec([...paidOut, ...clawback, earned('o2', 9_000), madeDue('o2', 9_000)])
      .when({ type: 'RequestPayout', payoutId: 'p2', now: at(70) })
      .thenMatches([
        { data: { amountCents: 6_000, commissionIds: ['o2'], clawbackIds: ['refund:r1|o1'] } },
      ]);
  });

  it('a settled clawback is not netted twice', () => {
    const clawback = postingSpec([
      paid,
      ...moneyOf(paidOut),
      refunded('o1', 'r1', { amountCents: 30_000 }),
    ])
      .when('PostOrderToLedger')
      .events();
    const second = run(
      [...paidOut, ...clawback, earned('o2', 9_000), madeDue('o2', 9_000)],
      { type: 'RequestPayout', payoutId: 'p2', now: at(70) },
      { type: 'ApprovePayout', payoutId: 'p2', now: at(70) },
      { type: 'RecordPayoutOutcome', payoutId: 'p2', now: at(71), sent: true, providerRef: 'PP-2' },
    );
    ledgerSpec([...second, earned('o3', 5_000), madeDue('o3', 5_000)])
      .when({ type: 'RequestPayout', payoutId: 'p3', now: at(90) })
      .thenMatches([{ data: { amountCents: 5_000, commissionIds: ['o3'], clawbackIds: [] } }]);
  });

  it('a clawback netted by a payout that fails is owed again by the next one', () => {
    const clawback = postingSpec([
      paid,
      ...moneyOf(paidOut),
      refunded('o1', 'r1', { amountCents: 30_000 }),
    ])
      .when('PostOrderToLedger')
      .events();
    const failed = run(
      [...paidOut, ...clawback, earned('o2', 9_000), madeDue('o2', 9_000)],
      { type: 'RequestPayout', payoutId: 'p2', now: at(70) },
      { type: 'ApprovePayout', payoutId: 'p2', now: at(70) },
      {
        type: 'RecordPayoutOutcome',
        payoutId: 'p2',
        now: at(71),
        sent: false,
        reason: 'account closed',
      },
    );
    ledgerSpec(failed)
      .when({ type: 'RequestPayout', payoutId: 'p3', now: at(90) })
      .thenMatches([
        { data: { amountCents: 6_000, commissionIds: ['o2'], clawbackIds: ['refund:r1|o1'] } },
      ]);
  });

  it('a refund while the payout is still open is a clawback; if that payout then fails, the commission returns at its net', () => {
    const open = run([...ann, earned('o1', 6_000), madeDue('o1', 6_000)], {
      type: 'RequestPayout',
      payoutId: 'p1',
      now: at(31),
    });
    const clawback = postingSpec([
      paid,
      ...moneyOf(open),
      refunded('o1', 'r1', { amountCents: 6_000 }),
    ])
      .when('PostOrderToLedger')
      .events();
    expect(clawback).toMatchObject([
      { data: { amountCents: 600, clawback: true, balance: 'due' } },
    ]);
    const afterFailure = run([...open, ...clawback], {
      type: 'RejectPayout',
      payoutId: 'p1',
      now: at(32),
    });
    expect(balancesOf(afterFailure)).toMatchObject({ dueCents: 5_400, requestedCents: 0 });
    ledgerSpec(afterFailure)
      .when({ type: 'RequestPayout', payoutId: 'p2', now: at(33) })
      .thenMatches([{ data: { amountCents: 5_400, commissionIds: ['o1'], clawbackIds: [] } }]);
  });
});
