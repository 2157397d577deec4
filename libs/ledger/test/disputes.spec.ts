import { orderSpec, postingSpec, type PostingEvent } from './deciders';
import { at, disputeClosed, madeDue, orderPaid, refunded } from './fixtures';

/** $150 of which 2000 cents of commission. */
const paid = orderPaid({
  orderId: 'o1',
  lines: [
    { productId: 'tee', amountCents: 10_000, rateBps: 1_000 },
    { productId: 'mug', amountCents: 5_000, rateBps: 2_000 },
  ],
});
/** Posts what the history calls for and returns the history with it. */
const settle = (history: PostingEvent[]): PostingEvent[] => [
  ...history,
  ...postingSpec(history).when('PostOrderToLedger').events(),
];
const earnedHistory = settle([paid]);

describe('disputes', () => {
  it('a lost dispute reverses the commission share of the disputed amount, dated when it closed', () => {
    postingSpec([...earnedHistory, disputeClosed('o1', 'd1', 'lost', 7_500, at(5))])
      .when('PostOrderToLedger')
      .then([
        {
          type: 'CommissionReversed',
          data: {
            reversalId: `dispute:d1|lost|${at(5)}|o1`,
            commissionId: 'o1',
            affiliateId: 'ann',
            orderId: 'o1',
            amountCents: 1_000,
            reason: 'dispute_lost',
            balance: 'pending',
            clawback: false,
            occurredAt: at(5),
          },
        },
      ]);
  });

  it('a dispute lost then won restores exactly what the loss took', () => {
    const afterLoss = settle([...earnedHistory, disputeClosed('o1', 'd1', 'lost', 7_777, at(5))]);
    const taken = afterLoss.at(-1) as { data: { amountCents: number } };
    expect(taken.data.amountCents).toBe(1_037);
    postingSpec([...afterLoss, disputeClosed('o1', 'd1', 'won', 7_777, at(9))])
      .when('PostOrderToLedger')
      .then([
        {
          type: 'CommissionRestored',
          data: {
            restorationId: `dispute:d1|won|${at(9)}|o1`,
            commissionId: 'o1',
            affiliateId: 'ann',
            orderId: 'o1',
            amountCents: 1_037,
            reason: 'dispute_won',
            balance: 'pending',
            occurredAt: at(9),
          },
        },
      ]);
  });

  it('a won dispute restores to the due balance once the commission is due', () => {
    const afterLoss = settle([...earnedHistory, disputeClosed('o1', 'd1', 'lost', 15_000, at(5))]);
    postingSpec([...afterLoss, madeDue('o1', 0), disputeClosed('o1', 'd1', 'won', 15_000, at(40))])
      .when('PostOrderToLedger')
      .thenMatches([{ type: 'CommissionRestored', data: { amountCents: 2_000, balance: 'due' } }]);
  });

  it('a restored dispute posts nothing more when posted again', () => {
    const history = settle(
      settle([...earnedHistory, disputeClosed('o1', 'd1', 'lost', 7_500, at(5))]).concat(
        disputeClosed('o1', 'd1', 'won', 7_500, at(9)),
      ),
    );
    postingSpec(history).when('PostOrderToLedger').thenNothing();
  });

  it('won then lost arriving out of order: the win decided later, so nothing is reversed', () => {
    postingSpec([
      ...earnedHistory,
      disputeClosed('o1', 'd1', 'won', 15_000, at(9)),
      disputeClosed('o1', 'd1', 'lost', 15_000, at(5)),
    ])
      .when('PostOrderToLedger')
      .thenNothing();
  });

  it('a late loss arriving before an earlier win still counts: closedAt decides, not arrival', () => {
    const afterLoss = settle([...earnedHistory, disputeClosed('o1', 'd1', 'lost', 15_000, at(9))]);
    expect(afterLoss.at(-1)).toMatchObject({
      type: 'CommissionReversed',
      data: { amountCents: 2_000 },
    });
    postingSpec([...afterLoss, disputeClosed('o1', 'd1', 'won', 15_000, at(5))])
      .when('PostOrderToLedger')
      .thenNothing();
  });

  it('a dispute lost, the order then refunded in full, then the dispute won: the win gives back what the dispute took and the refund takes it all', () => {
    const afterLoss = settle([...earnedHistory, disputeClosed('o1', 'd1', 'lost', 15_000, at(5))]);
    const afterRefund = settle([...afterLoss, refunded('o1', 'r1', { refundedAt: at(6) })]);
    expect(afterRefund).toEqual(afterLoss.concat(refunded('o1', 'r1', { refundedAt: at(6) }))); // nothing left to take back yet
    postingSpec([...afterRefund, disputeClosed('o1', 'd1', 'won', 15_000, at(9))])
      .when('PostOrderToLedger')
      .thenMatches([
        { type: 'CommissionRestored', data: { amountCents: 2_000, reason: 'dispute_won' } },
        { type: 'CommissionReversed', data: { amountCents: 2_000, reason: 'refund' } },
      ]);
  });

  it('a dispute lost, half the order refunded, then the dispute won: only the refunded half stays taken back', () => {
    const afterLoss = settle([...earnedHistory, disputeClosed('o1', 'd1', 'lost', 15_000, at(5))]);
    const afterRefund = settle([
      ...afterLoss,
      refunded('o1', 'r1', { amountCents: 7_500, refundedAt: at(6) }),
    ]);
    postingSpec([...afterRefund, disputeClosed('o1', 'd1', 'won', 15_000, at(9))])
      .when('PostOrderToLedger')
      .thenMatches([
        { type: 'CommissionRestored', data: { amountCents: 2_000 } },
        { type: 'CommissionReversed', data: { amountCents: 1_000, reason: 'refund' } },
      ]);
  });

  it('half the order refunded, then a dispute lost and won: the refund’s share stays taken back', () => {
    const afterRefund = settle([
      ...earnedHistory,
      refunded('o1', 'r1', { amountCents: 7_500, refundedAt: at(4) }),
    ]);
    const afterLoss = settle([...afterRefund, disputeClosed('o1', 'd1', 'lost', 15_000, at(5))]);
    expect(afterLoss.at(-1)).toMatchObject({
      type: 'CommissionReversed',
      data: { amountCents: 1_000, reason: 'dispute_lost' },
    });
    postingSpec([...afterLoss, disputeClosed('o1', 'd1', 'won', 15_000, at(9))])
      .when('PostOrderToLedger')
      .thenMatches([{ type: 'CommissionRestored', data: { amountCents: 1_000 } }]);
  });

  it('the same dispute outcome delivered twice is recorded once', () => {
    const lost = disputeClosed('o1', 'd1', 'lost', 15_000, at(5));
    orderSpec([paid, lost]).when({ type: 'CloseDispute', dispute: lost.data }).thenNothing();
  });

  it('another outcome of the same dispute is recorded', () => {
    const lost = disputeClosed('o1', 'd1', 'lost', 15_000, at(5));
    orderSpec([paid, lost])
      .when({ type: 'CloseDispute', dispute: { ...lost.data, status: 'won', closedAt: at(9) } })
      .thenMatches([{ type: 'OrderDisputeClosed' }]);
  });
});
