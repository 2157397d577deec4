import { refuse } from './refusal';

/**
 * Money is integer minor units ("cents") of the program currency. Never floats.
 * Glossary: bps — basis points, 1/100 of a percent (1250 bps = 12.5 %).
 */

export const MAX_AMOUNT_CENTS = 100_000_000_000; // 1e11: amount × 10 000 bps stays a safe integer
export const MAX_RATE_BPS = 10_000;

export const isCurrency = (value: unknown): value is string =>
  typeof value === 'string' && /^[A-Z]{3}$/.test(value);

export const isCents = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_AMOUNT_CENTS;

/**
 * Amounts reach the ledger from the API, Stripe's webhooks and replays alike; whatever the door, a negative,
 * fractional or absurd amount is refused here, before it can become a negative commission.
 */
export const assertCents = (value: unknown, what: string): number => {
  if (!isCents(value))
    refuse(
      'invalid_amount',
      `${what} must be a whole number of cents from 0 to ${MAX_AMOUNT_CENTS}`,
      'invalid',
    );
  return value as number;
};

/** Commission of one line: amount × rate, half-up to the cent. */
export const commissionOf = (amountCents: number, rateBps: number): number =>
  Number((BigInt(assertCents(amountCents, 'a line amount')) * BigInt(rateBps) + 5_000n) / 10_000n);

/** numerator / denominator rounded half up, for non-negative bigints. */
export const divideHalfUp = (numerator: bigint, denominator: bigint): bigint =>
  (numerator * 2n + denominator) / (denominator * 2n);

export const sum = (values: readonly number[]): number =>
  values.reduce((total, value) => total + value, 0);
