import { MAX_AMOUNT_CENTS, Refusal, type OrderLine } from '@threadtrak/ledger';
import { MAX_ORDER_LINES } from '../stripe/stripe-reads';

/** How far ahead of our clock a payment may claim to be, whichever door the order came through. */
const PAID_AT_TOLERANCE_MS = 5 * 60_000;

/** An order that breaks the order rules: refused (400 on `POST /v1/orders`), nothing recorded. */
export class OrderRulesBroken extends Refusal {
  constructor(readonly problems: string[]) {
    super('order_rules', `the order breaks the order rules: ${problems.join('; ')}`, 'invalid');
    this.name = 'OrderRulesBroken';
  }
}

/**
 * The order rules (lines, quantities, amounts, `paidAt` at most 5 minutes ahead), one function for every
 * door: `POST /v1/orders`, a Stripe session and a Stripe invoice.
 */
export const checkOrderRules = (
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
  if (problems.length > 0) throw new OrderRulesBroken(problems);
};

/** A refund names an amount, or lines, or neither (the whole order): never both. */
export const checkRefundRules = (refund: { amountCents?: number; lines?: readonly unknown[] }) => {
  if (refund.amountCents !== undefined && refund.lines !== undefined)
    throw new Refusal('amount_or_lines', 'give amountCents or lines, not both', 'invalid');
};
