import {
  commissionOf,
  divideHalfUp,
  isCents,
  isCurrency,
  MAX_AMOUNT_CENTS,
  MAX_RATE_BPS,
} from '../src/money';
import { payOrderSpec } from './deciders';
import { at, clicked, listed, registered } from './fixtures';

describe('money: commission of a line, half-up integer arithmetic', () => {
  it('one line of 999 cents at 1250 bps earns 125 cents (124.875 rounds up)', () => {
    expect(commissionOf(999, 1_250)).toBe(125);
  });

  it('three lines of 333 cents at 1250 bps earn 42 cents each (41.625 rounds up), 126 in all — rounding is per line', () => {
    const given = [
      listed('tee'),
      registered('ann', { rateBps: 1_250 }),
      clicked('v1.a', 'ann', at(1)),
    ];
    const line = { productId: 'tee', quantity: 1, amountCents: 333 };
    payOrderSpec(given)
      .when({
        orderId: 'o1',
        paidAt: at(2),
        currency: 'USD',
        visitorId: 'v1',
        lines: [line, line, line],
      })
      .thenMatches([
        {
          data: {
            attribution: {
              commissionCents: 126,
              lines: [{ commissionCents: 42 }, { commissionCents: 42 }, { commissionCents: 42 }],
            },
          },
        },
      ]);
  });

  it('exactly half a cent rounds up: 4 cents at 1250 bps is 0.5 → 1', () => {
    expect(commissionOf(4, 1_250)).toBe(1);
  });

  it('just under half a cent rounds down: 3 cents at 1250 bps is 0.375 → 0', () => {
    expect(commissionOf(3, 1_250)).toBe(0);
  });

  it('a whole rate of 100 % gives the line amount back, even at the largest amount', () => {
    expect(commissionOf(MAX_AMOUNT_CENTS, MAX_RATE_BPS)).toBe(MAX_AMOUNT_CENTS);
  });

  it('the largest amount at an odd rate stays exact (no float drift)', () => {
    expect(commissionOf(MAX_AMOUNT_CENTS - 1, 9_999)).toBe(99_989_999_999);
  });

  it('divideHalfUp rounds halves up and everything else to the nearest', () => {
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(7n, 3n)).toBe(2n);
    expect(divideHalfUp(8n, 3n)).toBe(3n);
    expect(divideHalfUp(0n, 7n)).toBe(0n);
  });
});

describe('money: what counts as money', () => {
  it('amounts are non-negative safe integers of minor units, never fractions', () => {
    expect(isCents(0)).toBe(true);
    expect(isCents(1999)).toBe(true);
    expect(isCents(19.99)).toBe(false);
    expect(isCents(-1)).toBe(false);
    expect(isCents(MAX_AMOUNT_CENTS + 1)).toBe(false);
    expect(isCents('100')).toBe(false);
  });

  it('a currency is a three-letter upper-case ISO code', () => {
    expect(isCurrency('USD')).toBe(true);
    expect(isCurrency('usd')).toBe(false);
    expect(isCurrency('US')).toBe(false);
  });
});
