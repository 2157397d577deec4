/**
 * Integer minor units to the decimal strings providers such as PayPal expect, without floats.
 * Minor units follow ISO 4217: two decimals unless listed here.
 */

const EXPONENT_0 = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'UYI',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const EXPONENT_3 = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const EXPONENT_4 = new Set(['CLF', 'UYW']);

export function currencyExponent(currency: string): number {
  assertCurrency(currency);
  if (EXPONENT_0.has(currency)) return 0;
  if (EXPONENT_3.has(currency)) return 3;
  if (EXPONENT_4.has(currency)) return 4;
  return 2;
}

/** 1234 USD → '12.34'; 1 USD → '0.01'; 500 JPY → '500'. */
export function formatMinorUnits(amountCents: number, currency: string): string {
  assertAmount(amountCents);
  const exponent = currencyExponent(currency);
  if (exponent === 0) return String(amountCents);
  const digits = String(amountCents).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

export function assertAmount(amountCents: number): void {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) {
    throw new RangeError(
      `a payout amount is a positive integer of minor units, got ${amountCents}`,
    );
  }
}

export function assertCurrency(currency: string): void {
  if (!/^[A-Z]{3}$/.test(currency))
    throw new RangeError(`not an ISO 4217 currency code: ${JSON.stringify(currency)}`);
}
