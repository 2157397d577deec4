import type { AttributionDecision } from '../attribution/attribute-order';
import type { Decider } from '../decider';
import type { OrderEvent } from './order-events';
import { attributeAwaitingOrder, evolveOrder, initialOrder, type OrderState } from './order-state';
import { payOrder, type PayOrder } from './pay-order';
import { closeDispute, refundOrder, type CloseDispute, type RefundOrder } from './refund-order';

/**
 * What can happen to an order. The attribution decision is taken from the log's other streams by the
 * handler and travels in the command, with the program's currency and rules version it was decided under.
 */
export type OrderCommand =
  | {
      type: 'PayOrder';
      order: PayOrder;
      programCurrency: string;
      rulesVersion: number;
      decision: AttributionDecision;
    }
  | { type: 'RefundOrder'; refund: RefundOrder }
  /** Stripe's `charge.refunded`: the charge's cumulative refunded amount, recorded as the increase. */
  | {
      type: 'RecordChargeRefunded';
      orderId: string;
      chargeId: string;
      cumulativeCents: number;
      refundedAt: string;
    }
  | { type: 'CloseDispute'; dispute: CloseDispute }
  /** A subscription invoice that arrived before its binding, attributed once the binding is known. */
  | { type: 'AttributeAwaitingOrder'; decision: AttributionDecision; now: string };

const decide = (command: OrderCommand, order: OrderState): OrderEvent[] => {
  switch (command.type) {
    case 'PayOrder': {
      const outcome = payOrder(
        order,
        command.order,
        command.programCurrency,
        command.rulesVersion,
        command.decision,
      );
      return outcome.kind === 'paid' ? [outcome.event] : [];
    }
    case 'RefundOrder': {
      const outcome = refundOrder(order, command.refund);
      return outcome.kind === 'refunded' ? [outcome.event] : [];
    }
    case 'RecordChargeRefunded': {
      // Redeliveries and out-of-order deliveries add nothing twice: only the increase over what was seen.
      const prefix = `${command.chargeId}:`;
      const seen = order.refunds
        .filter((refund) => refund.refundId.startsWith(prefix))
        .reduce((total, refund) => total + (refund.amountCents ?? 0), 0);
      const increase = command.cumulativeCents - seen;
      if (increase <= 0) return [];
      const outcome = refundOrder(order, {
        orderId: command.orderId,
        refundId: `${prefix}${command.cumulativeCents}`,
        refundedAt: command.refundedAt,
        amountCents: increase,
        source: 'stripe',
      });
      return outcome.kind === 'refunded' ? [outcome.event] : [];
    }
    case 'CloseDispute': {
      const event = closeDispute(order, command.dispute);
      return event ? [event] : [];
    }
    case 'AttributeAwaitingOrder': {
      const event = attributeAwaitingOrder(order, command.decision, command.now);
      return event ? [event] : [];
    }
  }
};

/** The stream `order-{orderId}`: the payment, refunds, disputes and attributions of one order. */
export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: () => initialOrder,
  evolve: evolveOrder,
  decide,
};
