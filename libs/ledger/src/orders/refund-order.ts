import { assertCents } from '../money';
import { refuse } from '../refusal';
import type { OrderDisputeClosed, OrderRefunded } from './order-events';
import type { OrderState } from './order-state';

export type RefundOrder = OrderRefunded['data'];

export type RefundOutcome =
  { kind: 'refunded'; event: OrderRefunded } | { kind: 'already_refunded' };

const sameRefund = (a: RefundOrder, b: RefundOrder) =>
  a.amountCents === b.amountCents &&
  JSON.stringify(a.lines ?? null) === JSON.stringify(b.lines ?? null);

/**
 * A refund of the whole order (no amount, no lines), of an amount, or of single lines. Idempotent by
 * refundId. A refund for an order not yet known is kept and applied when the order arrives.
 */
export const refundOrder = (state: OrderState, command: RefundOrder): RefundOutcome => {
  if (
    command.amountCents !== undefined &&
    assertCents(command.amountCents, 'the refund amount') === 0
  ) {
    refuse('invalid_amount', 'a refund amount must be at least 1 cent', 'invalid');
  }
  for (const line of command.lines ?? []) {
    if (assertCents(line.amountCents, `the refund of line ${line.productId}`) === 0) {
      refuse(
        'invalid_amount',
        `the refund of line ${line.productId} must be at least 1 cent`,
        'invalid',
      );
    }
  }
  const known = state.refunds.find((refund) => refund.refundId === command.refundId);
  if (known) {
    if (sameRefund(known, command)) return { kind: 'already_refunded' };
    return refuse(
      'refund_conflict',
      `refund ${command.refundId} was already recorded with a different body`,
      'conflict',
    );
  }
  if (state.paid) {
    const before = refundPosition(state.paid, state.refunds);
    const leftBefore = before.whole ? 0 : Math.max(before.rest - before.orderLevel, 0);
    const whole = !command.lines && command.amountCents === undefined;
    if (before.whole || (whole && leftBefore === 0)) {
      return refuse(
        'refund_exceeds_order',
        `nothing is left to refund of order ${command.orderId}`,
      );
    }
    const after = refundPosition(state.paid, [...state.refunds, command]);
    for (const line of command.lines ?? []) {
      const amount = after.amounts.get(line.productId);
      if (amount === undefined)
        return refuse(
          'unknown_line',
          `order ${command.orderId} has no line for product ${line.productId}`,
        );
      if ((after.lineRefunded.get(line.productId) ?? 0) > amount) {
        const left = Math.max(amount - (before.lineRefunded.get(line.productId) ?? 0), 0);
        return refuse(
          'refund_exceeds_order',
          `only ${left} cents of product ${line.productId} are left to refund`,
        );
      }
    }
    if (!whole && after.orderLevel > after.rest) {
      return refuse(
        'refund_exceeds_order',
        `only ${leftBefore} cents of order ${command.orderId} are left to refund`,
      );
    }
  }
  return { kind: 'refunded', event: { type: 'OrderRefunded', data: command } };
};

/**
 * Where the refunds of an order stand. Line refunds take from their own product; order-level refunds are
 * spread over what line refunds left, in proportion (see refundReversalTarget), so a refund is within the
 * order when no line is refunded beyond its amount and the order-level ones fit in what the lines left.
 */
const refundPosition = (paid: NonNullable<OrderState['paid']>, refunds: readonly RefundOrder[]) => {
  const amounts = new Map<string, number>();
  for (const line of paid.lines)
    amounts.set(line.productId, (amounts.get(line.productId) ?? 0) + line.amountCents);
  const lineRefunded = new Map([...amounts.keys()].map((productId) => [productId, 0]));
  let orderLevel = 0;
  let whole = false;
  for (const refund of refunds) {
    if (!refund.lines && refund.amountCents === undefined) whole = true;
    for (const line of refund.lines ?? [])
      lineRefunded.set(line.productId, (lineRefunded.get(line.productId) ?? 0) + line.amountCents);
    orderLevel += refund.amountCents ?? 0;
  }
  let rest = 0;
  for (const [productId, amount] of amounts)
    rest += Math.max(amount - (lineRefunded.get(productId) ?? 0), 0);
  return { amounts, lineRefunded, orderLevel, rest, whole };
};

export type CloseDispute = OrderDisputeClosed['data'];

export const closeDispute = (
  state: OrderState,
  command: CloseDispute,
): OrderDisputeClosed | null => {
  assertCents(command.amountCents, 'the disputed amount');
  const seen = state.disputes.some(
    (d) =>
      d.disputeId === command.disputeId &&
      d.status === command.status &&
      d.closedAt === command.closedAt,
  );
  return seen ? null : { type: 'OrderDisputeClosed', data: command };
};
