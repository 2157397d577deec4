import { monthBounds, statementLine } from './statement';

const balances = (values: Partial<Record<string, number>>) => ({
  earnedCents: 0,
  reversedCents: 0,
  pendingCents: 0,
  dueCents: 0,
  requestedCents: 0,
  paidCents: 0,
  ...values,
});

describe('the month-end statement', () => {
  it('bounds a month in UTC, December into January', () => {
    expect(monthBounds('2026-12').map((at) => at.toISOString())).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ]);
  });

  it('carries in what was owed, and carried in + earned − reversed − paid = carried over', () => {
    const opening = balances({ earnedCents: 10_000, pendingCents: 4_000, dueCents: 6_000 });
    const closing = balances({
      earnedCents: 15_000,
      reversedCents: 1_000,
      pendingCents: 5_000,
      dueCents: 3_000,
      paidCents: 6_000,
    });
    const line = statementLine('aff_1', opening, closing);
    expect(line).toEqual({
      affiliateId: 'aff_1',
      carriedInCents: 10_000,
      earnedCents: 5_000,
      reversedCents: 1_000,
      paidCents: 6_000,
      carriedOverCents: 8_000,
    });
    expect(line.carriedInCents + line.earnedCents - line.reversedCents - line.paidCents).toBe(
      line.carriedOverCents,
    );
  });
});
