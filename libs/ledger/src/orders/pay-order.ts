import type { AttributionDecision } from '../attribution/attribute-order';
import { sum } from '../money';
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

export type PayOrderOutcome = { kind: 'paid'; event: OrderPaid } | { kind: 'already_paid'; paid: OrderPaid['data'] };

/** Records a paid order with its attribution decision. Safe to repeat: the same request answers the same. */
export const payOrder = (
  state: OrderState,
  command: PayOrder,
  programCurrency: string,
  rulesVersion: number,
  decision: AttributionDecision,
): PayOrderOutcome => {
  if (state.paid) {
    if (state.paid.requestHash === command.requestHash) return { kind: 'already_paid', paid: state.paid };
    return refuse('order_conflict', `order ${command.orderId} was already recorded with a different body`, 'conflict');
  }
  if (command.currency !== programCurrency) {
    return refuse('currency_mismatch', `the program pays in ${programCurrency}; this order is in ${command.currency}`);
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
