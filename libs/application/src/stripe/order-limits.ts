import { MAX_AMOUNT_CENTS, type OrderLine } from '@threadtrak/ledger';
import { MAX_ORDER_LINES } from './stripe-reads';

/** How far ahead of our clock a payment may claim to be: the same rule as `POST /v1/orders`. */
export const PAID_AT_TOLERANCE_MS = 5 * 60_000;

/** A Stripe order that breaks the rules `POST /v1/orders` enforces: refused with 400, nothing recorded. */
export class InvalidStripeOrder extends Error {
  constructor(readonly problems: string[]) {
    super(`the Stripe order breaks the order rules: ${problems.join('; ')}`);
    this.name = 'InvalidStripeOrder';
  }
}

/** The order rules of the API (lines, quantities, amounts, paidAt), applied to an order read from Stripe. */
export const assertOrderRules = (
  order: { paidAt: string; lines: readonly OrderLine[] },
  now: Date,
): void => {
  const problems: string[] = [];
  if (Date.parse(order.paidAt) > now.getTime() + PAID_AT_TOLERANCE_MS)
    problems.push('paidAt is more than 5 minutes in the future');
  if (order.lines.length === 0) problems.push('the order has no lines');
  if (order.lines.length > MAX_ORDER_LINES)
    problems.push(`the order has more than ${MAX_ORDER_LINES} lines`);
  for (const line of order.lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1 || line.quantity > 1_000_000)
      problems.push(`line ${line.productId}: quantity ${line.quantity} is not 1 to 1000000`);
    if (
      !Number.isSafeInteger(line.amountCents) ||
      line.amountCents < 0 ||
      line.amountCents > MAX_AMOUNT_CENTS
    ) {
      problems.push(
        `line ${line.productId}: amount ${line.amountCents} is not 0 to ${MAX_AMOUNT_CENTS} cents`,
      );
    }
  }
  if (problems.length > 0) throw new InvalidStripeOrder(problems);
};
