import type { PayoutEvent } from '../src/payouts/payout-events';
import { ledgerSpec, type LedgerWorldEvent } from './deciders';
import { at, earned, madeDue, payoutAccountSet, registered, rulesChanged } from './fixtures';

const ann = [registered('ann'), payoutAccountSet('ann')];
const dueCommission = (orderId: string, amountCents: number) => [
  earned(orderId, amountCents),
  madeDue(orderId, amountCents),
];
const requested = (
  payoutId: string,
  amountCents: number,
  commissionIds: string[],
): PayoutEvent => ({
  type: 'PayoutRequested',
  data: {
    payoutId,
    affiliateId: 'ann',
    amountCents,
    currency: 'USD',
    account: { method: 'paypal', email: 'ann@example.com' },
    commissionIds,
    clawbackIds: [],
    requestedAt: at(31),
  },
});
const approved = (payoutId: string, amountCents: number): PayoutEvent => ({
  type: 'PayoutApproved',
  data: { payoutId, affiliateId: 'ann', amountCents, approvedBy: 'admin', occurredAt: at(31) },
});
const request = { type: 'RequestPayout' as const, payoutId: 'p1', now: at(31) };

describe('payout request', () => {
  it('a payout asks for the whole due balance, naming the commissions it pays', () => {
    ledgerSpec([...ann, ...dueCommission('o1', 3_000), ...dueCommission('o2', 4_000)])
      .when(request)
      .then([requested('p1', 7_000, ['o1', 'o2'])]);
  });

  it('a pending commission is not paid out', () => {
    ledgerSpec([...ann, ...dueCommission('o1', 6_000), earned('o2', 4_000, { dueAt: at(50) })])
      .when(request)
      .thenMatches([{ data: { amountCents: 6_000, commissionIds: ['o1'] } }]);
  });

  it('a due balance exactly at the minimum is paid out', () => {
    ledgerSpec([...ann, ...dueCommission('o1', 5_000)])
      .when(request)
      .thenMatches([{ data: { amountCents: 5_000 } }]);
  });

  it('a due balance below the minimum is refused below_minimum', () => {
    ledgerSpec([...ann, ...dueCommission('o1', 4_999)])
      .when(request)
      .thenThrows('below_minimum');
  });

  it('the minimum follows the program rules', () => {
    ledgerSpec([rulesChanged(1, { minPayoutCents: 1_000 }), ...ann, ...dueCommission('o1', 1_000)])
      .when(request)
      .thenMatches([{ data: { amountCents: 1_000 } }]);
  });

  it('with nothing due the request is refused nothing_due', () => {
    ledgerSpec([...ann, earned('o1', 9_000)])
      .when(request)
      .thenThrows('nothing_due');
  });

  it('without a payout account the request is refused no_payout_account', () => {
    ledgerSpec([registered('ann'), ...dueCommission('o1', 9_000)])
      .when(request)
      .thenThrows('no_payout_account');
  });

  it('while a payout is open another request is refused payout_open', () => {
    ledgerSpec([
      ...ann,
      ...dueCommission('o1', 6_000),
      requested('p1', 6_000, ['o1']),
      ...dueCommission('o2', 6_000),
    ])
      .when({ ...request, payoutId: 'p2' })
      .thenThrows('payout_open');
  });

  it('of two concurrent requests on one ledger revision, the one appended second is refused payout_open on retry', () => {
    const given: LedgerWorldEvent[] = [...ann, ...dueCommission('o1', 6_000)];
    const [first] = ledgerSpec(given).when(request).events();
    expect(
      ledgerSpec(given)
        .when({ ...request, payoutId: 'p2' })
        .events(),
    ).toHaveLength(1);
    ledgerSpec([...given, first!])
      .when({ ...request, payoutId: 'p2' })
      .thenThrows('payout_open');
  });

  it('a failed payout returns its amount to due, and the next request pays the same commissions', () => {
    const failed: PayoutEvent = {
      type: 'PayoutFailed',
      data: {
        payoutId: 'p1',
        affiliateId: 'ann',
        amountCents: 6_000,
        reason: 'account closed',
        occurredAt: at(32),
      },
    };
    ledgerSpec([
      ...ann,
      ...dueCommission('o1', 6_000),
      requested('p1', 6_000, ['o1']),
      approved('p1', 6_000),
      failed,
    ])
      .when({ ...request, payoutId: 'p2' })
      .thenMatches([{ data: { payoutId: 'p2', amountCents: 6_000, commissionIds: ['o1'] } }]);
  });

  it('a rejected payout returns its amount to due, and the next request pays the same commissions', () => {
    const rejected: PayoutEvent = {
      type: 'PayoutRejected',
      data: {
        payoutId: 'p1',
        affiliateId: 'ann',
        amountCents: 6_000,
        reason: 'check',
        occurredAt: at(32),
      },
    };
    ledgerSpec([...ann, ...dueCommission('o1', 6_000), requested('p1', 6_000, ['o1']), rejected])
      .when({ ...request, payoutId: 'p2' })
      .thenMatches([{ data: { payoutId: 'p2', amountCents: 6_000, commissionIds: ['o1'] } }]);
  });

  it('a sent payout is not paid again: the next request finds nothing due', () => {
    const sent: PayoutEvent = {
      type: 'PayoutSent',
      data: {
        payoutId: 'p1',
        affiliateId: 'ann',
        amountCents: 6_000,
        providerRef: 'PP-1',
        occurredAt: at(32),
      },
    };
    ledgerSpec([
      ...ann,
      ...dueCommission('o1', 6_000),
      requested('p1', 6_000, ['o1']),
      approved('p1', 6_000),
      sent,
    ])
      .when({ ...request, payoutId: 'p2' })
      .thenThrows('nothing_due');
  });
});
