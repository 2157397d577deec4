import type { AttributionDecision } from '../attribution/attribute-order';
import { assertCents, sum } from '../money';
import { refuse } from '../refusal';
import type { OrderLine, OrderPaid } from './order-events';
import type { OrderState } from './order-state';

export interface PayOrder {
  orderId: string;
  paidAt: string;
  currency: string;
  lines: OrderLine[];
  clickId?: string;
  visitorId?: string;
  customerEmailHash?: string;
  promoCode?: string;
  subscription?: { subscriptionId: string; ordinal: number };
  /** Hash of the request body: the same orderId with another body is a conflict. */
  requestHash: string;
  source: 'api' | 'stripe';
}

export type PayOrderOutcome =
  { kind: 'paid'; event: OrderPaid } | { kind: 'already_paid'; paid: OrderPaid['data'] };

/** Records a paid order with its attribution decision. Safe to repeat: the same request answers the same. */
export const payOrder = (
  state: OrderState,
  command: PayOrder,
  programCurrency: string,
  rulesVersion: number,
  decision: AttributionDecision,
): PayOrderOutcome => {
  if (state.paid) {
    if (state.paid.requestHash === command.requestHash)
      return { kind: 'already_paid', paid: state.paid };
    return refuse(
      'order_conflict',
      `order ${command.orderId} was already recorded with a different body`,
      'conflict',
    );
  }
  if (command.currency !== programCurrency) {
    return refuse(
      'currency_mismatch',
      `the program pays in ${programCurrency}; this order is in ${command.currency}`,
    );
  }
  for (const line of command.lines) {
    assertCents(line.amountCents, `the amount of line ${line.productId}`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1) {
      refuse(
        'invalid_quantity',
        `the quantity of line ${line.productId} must be a positive whole number`,
        'invalid',
      );
    }
  }
  const { requestHash, source, ...order } = command;
  return {
    kind: 'paid',
    event: {
      type: 'OrderPaid',
      data: {
        ...order,
        totalCents: sum(command.lines.map((line) => line.amountCents)),
        rulesVersion,
        attribution: decision.attribution,
        explanation: decision.explanation,
        requestHash,
        source,
      },
    },
  };
};
