import { ledgerSpec } from './deciders';
import { at, earned, madeDue } from './fixtures';

const reversed = (orderId: string, amountCents: number) => ({
  type: 'CommissionReversed' as const,
  data: {
    reversalId: `refund:r1|${orderId}`,
    commissionId: orderId,
    affiliateId: 'ann',
    orderId,
    amountCents,
    reason: 'refund' as const,
    clawback: false,
    balance: 'pending' as const,
    occurredAt: at(3),
  },
});

describe('commission due', () => {
  it('a commission stays pending until its dueAt', () => {
    ledgerSpec([earned('o1', 1_000)])
      .when({ type: 'MakeCommissionsDue', now: at(30, -1) })
      .thenNothing();
  });

  it('a commission becomes due at its dueAt', () => {
    ledgerSpec([earned('o1', 1_000)])
      .when({ type: 'MakeCommissionsDue', now: at(30) })
      .then([
        {
          type: 'CommissionDue',
          data: { commissionId: 'o1', affiliateId: 'ann', amountCents: 1_000, occurredAt: at(30) },
        },
      ]);
  });

  it('a commission is never due twice', () => {
    ledgerSpec([earned('o1', 1_000), madeDue('o1', 1_000)])
      .when({ type: 'MakeCommissionsDue', now: at(60) })
      .thenNothing();
  });

  it('a partly reversed commission becomes due at its net amount', () => {
    ledgerSpec([earned('o1', 1_000), reversed('o1', 400)])
      .when({ type: 'MakeCommissionsDue', now: at(30) })
      .thenMatches([{ data: { amountCents: 600 } }]);
  });

  it('only the commissions whose hold is over become due', () => {
    ledgerSpec([earned('o1', 1_000), earned('o2', 2_000, { dueAt: at(40) })])
      .when({ type: 'MakeCommissionsDue', now: at(35) })
      .thenMatches([{ data: { commissionId: 'o1' } }]);
  });
});
