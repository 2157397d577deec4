import { refuse } from '../refusal';
import type { OrderDisputeClosed, OrderRefunded } from './order-events';
import type { OrderState } from './order-state';

export type RefundOrder = OrderRefunded['data'];

export type RefundOutcome = { kind: 'refunded'; event: OrderRefunded } | { kind: 'already_refunded' };

const sameRefund = (a: RefundOrder, b: RefundOrder) =>
  a.amountCents === b.amountCents && JSON.stringify(a.lines ?? null) === JSON.stringify(b.lines ?? null);

/**
 * A refund of the whole order (no amount, no lines), of an amount, or of single lines. Idempotent by
 * refundId. A refund for an order not yet known is kept and applied when the order arrives.
 */
export const refundOrder = (state: OrderState, command: RefundOrder): RefundOutcome => {
  const known = state.refunds.find((refund) => refund.refundId === command.refundId);
  if (known) {
    if (sameRefund(known, command)) return { kind: 'already_refunded' };
    return refuse('refund_conflict', `refund ${command.refundId} was already recorded with a different body`, 'conflict');
  }
  if (state.paid) {
    const remaining = refundableByProduct(state);
    for (const line of command.lines ?? []) {
      const left = remaining.get(line.productId);
      if (left === undefined) return refuse('unknown_line', `order ${command.orderId} has no line for product ${line.productId}`);
      if (line.amountCents > left) return refuse('refund_exceeds_order', `only ${left} cents of product ${line.productId} are left to refund`);
      remaining.set(line.productId, left - line.amountCents);
    }
    const left = [...remaining.values()].reduce((total, cents) => total + cents, 0);
    if (command.amountCents !== undefined && command.amountCents > left) {
      return refuse('refund_exceeds_order', `only ${left} cents of order ${command.orderId} are left to refund`);
    }
  }
  return { kind: 'refunded', event: { type: 'OrderRefunded', data: command } };
};

/** What is left to refund per product, order-level refunds spread in proportion to line amounts. */
export const refundableByProduct = (state: OrderState): Map<string, number> => {
  const remaining = new Map<string, number>();
  if (!state.paid) return remaining;
  for (const line of state.paid.lines) remaining.set(line.productId, (remaining.get(line.productId) ?? 0) + line.amountCents);
  let orderLevel = 0;
  for (const refund of state.refunds) {
    if (!refund.lines && refund.amountCents === undefined) return new Map([...remaining.keys()].map((id) => [id, 0]));
    for (const line of refund.lines ?? []) remaining.set(line.productId, (remaining.get(line.productId) ?? 0) - line.amountCents);
    orderLevel += refund.amountCents ?? 0;
  }
  let left = orderLevel;
  for (const [productId, cents] of remaining) {
    const take = Math.min(Math.max(cents, 0), left);
    remaining.set(productId, Math.max(cents, 0) - take);
    left -= take;
  }
  return remaining;
};

export type CloseDispute = OrderDisputeClosed['data'];

export const closeDispute = (state: OrderState, command: CloseDispute): OrderDisputeClosed | null => {
  const seen = state.disputes.some(
    (d) => d.disputeId === command.disputeId && d.status === command.status && d.closedAt === command.closedAt,
  );
  return seen ? null : { type: 'OrderDisputeClosed', data: command };
};
