import fc from 'fast-check';
import { currencyExponent, formatMinorUnits } from './minor-units';

describe('minor units as decimal strings', () => {
  it.each([
    [1, 'USD', '0.01'],
    [10, 'USD', '0.10'],
    [100, 'USD', '1.00'],
    [123_456_789, 'USD', '1234567.89'],
    [500, 'JPY', '500'],
    [1, 'KWD', '0.001'],
    [12_345, 'BHD', '12.345'],
    [Number.MAX_SAFE_INTEGER, 'EUR', '90071992547409.91'],
  ])('%i minor units of %s are %s', (amount, currency, decimal) => {
    expect(formatMinorUnits(amount, currency)).toBe(decimal);
  });

  it('reads back as the same number of minor units, for any amount', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        fc.constantFrom('USD', 'JPY', 'KWD', 'CLF'),
        (amount, currency) => {
          const decimal = formatMinorUnits(amount, currency);
          const exponent = currencyExponent(currency);
          expect(decimal).toMatch(
            exponent === 0 ? /^[1-9]\d*$/ : new RegExp(`^(0|[1-9]\\d*)\\.\\d{${exponent}}$`),
          );
          expect(BigInt(decimal.replace('.', ''))).toBe(BigInt(amount));
        },
      ),
    );
  });

  it.each([0, -1, 1.5, Number.NaN, 2 ** 53])('refuses %p as a payout amount', (amount) => {
    expect(() => formatMinorUnits(amount, 'USD')).toThrow(RangeError);
  });

  it('refuses a currency that is not an ISO code', () => {
    expect(() => formatMinorUnits(100, 'usd')).toThrow(RangeError);
  });
});
