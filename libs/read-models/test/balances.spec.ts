import { balancesProjection } from '../src/balances/balances.projection';
import { given } from './support/given';
import {
  commissionDue,
  commissionEarned,
  commissionRestored,
  commissionReversed,
  payoutFailed,
  payoutRequested,
  payoutSent,
} from './support/ledger-events';

const earned = (commissionId: string, amountCents: number, affiliateId = 'aff-1') =>
  commissionEarned({
    commissionId,
    amountCents,
    affiliateId,
    earnedAt: '2025-01-01T00:00:00.000Z',
  });

describe('balances', () => {
  it('holds an earned commission as pending until it is due', async () => {
    const { queries } = await given(balancesProjection(), [
      earned('o1', 1_000),
      earned('o2', 500),
      commissionDue('o1', 1_000),
    ]);
    expect(await queries.balance('aff-1')).toEqual({
      earnedCents: 1_500,
      reversedCents: 0,
      pendingCents: 500,
      dueCents: 1_000,
      requestedCents: 0,
      paidCents: 0,
    });
  });

  it('moves the due balance into a payout, then into paid; a failed payout returns it to due', async () => {
    const { queries } = await given(balancesProjection(), [
      earned('o1', 6_000),
      commissionDue('o1', 6_000),
      payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
      payoutFailed('p1', 6_000),
      payoutRequested({ payoutId: 'p2', amountCents: 6_000, commissionIds: ['o1'] }),
    ]);
    expect(await queries.balance('aff-1')).toMatchObject({
      dueCents: 0,
      requestedCents: 6_000,
      paidCents: 0,
    });
    const sent = await given(balancesProjection(), [
      earned('o1', 6_000),
      commissionDue('o1', 6_000),
      payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
      payoutSent('p1', 6_000),
    ]);
    expect(await sent.queries.balance('aff-1')).toMatchObject({
      dueCents: 0,
      requestedCents: 0,
      paidCents: 6_000,
    });
  });

  it('takes a clawback after payout from the due balance, which may go negative, and a won dispute gives it back', async () => {
    const history = [
      earned('o1', 6_000),
      commissionDue('o1', 6_000),
      payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
      payoutSent('p1', 6_000),
      commissionReversed({
        commissionId: 'o1',
        amountCents: 2_000,
        balance: 'due',
        clawback: true,
      }),
    ];
    const { queries } = await given(balancesProjection(), history);
    expect(await queries.balance('aff-1')).toMatchObject({
      reversedCents: 2_000,
      dueCents: -2_000,
      paidCents: 6_000,
    });
    const restored = await given(balancesProjection(), [
      ...history,
      commissionRestored({ commissionId: 'o1', amountCents: 2_000, balance: 'due' }),
    ]);
    expect(await restored.queries.balance('aff-1')).toMatchObject({
      reversedCents: 0,
      dueCents: 0,
    });
  });

  it('keeps program totals of every affiliate, and the dashboard shows five of them', async () => {
    const { queries } = await given(balancesProjection(), [
      earned('o1', 1_000, 'aff-1'),
      earned('o2', 300, 'aff-2'),
      commissionDue('o2', 300, 'aff-2'),
    ]);
    expect(await queries.balance()).toMatchObject({
      earnedCents: 1_300,
      pendingCents: 1_000,
      dueCents: 300,
    });
    expect(
      (await queries.affiliateDashboard('aff-2', { from: '2025-01-01', to: '2025-01-01' })).balance,
    ).toEqual({
      pendingCents: 0,
      dueCents: 300,
      requestedCents: 0,
      paidCents: 0,
      reversedCents: 0,
    });
    expect(
      (await queries.programDashboard({ from: '2025-01-01', to: '2025-01-01' })).balance,
    ).toMatchObject({ pendingCents: 1_000, dueCents: 300 });
  });

  it('shows zero balances for an affiliate with no ledger entries', async () => {
    const { queries } = await given(balancesProjection(), []);
    expect(await queries.balance('nobody')).toEqual({
      earnedCents: 0,
      reversedCents: 0,
      pendingCents: 0,
      dueCents: 0,
      requestedCents: 0,
      paidCents: 0,
    });
  });
});
