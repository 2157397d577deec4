import type { LedgerEvent } from '@threadtrak/ledger';
import { hintsFor, median, PayoutRiskFold } from './payout-risk';

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as LedgerEvent;
const registered = (affiliateId: string, emailHash: string, occurredAt: string) =>
  event('AffiliateRegistered', {
    affiliateId,
    name: affiliateId,
    refCode: affiliateId,
    emailHash,
    occurredAt,
  });
const click = (clickId: string, occurredAt: string) =>
  event('ClickRecorded', { clickId, occurredAt });
const order = (affiliateId: string, clickId: string, paidAt: string, customerEmailHash?: string) =>
  event('OrderPaid', {
    paidAt,
    customerEmailHash,
    attribution: { affiliateId, clickId },
  });

describe('payout risk hints', () => {
  it('takes the median of an odd and an even count, and null of none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('flags a new account, a payout account set just before, self-referral and fast orders', () => {
    const fold = new PayoutRiskFold();
    const events = [
      registered('aff_old', 'h-old', '2026-01-01T00:00:00Z'),
      registered('aff_new', 'h-new', '2026-03-01T00:00:00Z'),
      event('PayoutAccountSet', { affiliateId: 'aff_new', occurredAt: '2026-03-09T00:00:00Z' }),
      event('PayoutAccountSet', { affiliateId: 'aff_new', occurredAt: '2026-03-10T00:00:00Z' }),
      ...['a', 'b', 'c'].map((id) => click(id, '2026-03-01T00:00:00Z')),
      click('fast', '2026-03-02T00:00:00Z'),
      order('aff_old', 'a', '2026-03-01T01:00:00Z'),
      order('aff_old', 'b', '2026-03-01T01:00:00Z'),
      order('aff_old', 'c', '2026-03-01T01:00:00Z'),
      order('aff_new', 'fast', '2026-03-02T00:00:05Z', 'h-new'),
      event('CommissionEarned', { affiliateId: 'aff_new', amountCents: 700 }),
      event('PayoutSent', { affiliateId: 'aff_old', amountCents: 5000 }),
    ];
    for (const recorded of events) fold.observe(recorded);

    const program = fold.programMedianSeconds();
    expect(program).toBe(3600);
    const fresh = fold.affiliate('aff_new');
    expect(fresh).toMatchObject({
      earnedCents: 700,
      selfReferralOrders: 1,
      payoutAccountChanges: 2,
    });
    expect(hintsFor(fresh, '2026-03-11T00:00:00Z', program).map((hint) => hint.code)).toEqual([
      'new_account',
      'payout_account_changed',
      'self_referral',
      'fast_orders',
    ]);
    const old = fold.affiliate('aff_old');
    expect(old).toMatchObject({ paidCents: 5000, payoutsSent: 1 });
    expect(hintsFor(old, '2026-03-11T00:00:00Z', program)).toEqual([]);
  });
});
