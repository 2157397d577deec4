import { assertNever } from '../events';
import type {
  Attribution,
  AttributionCheck,
  OrderAttributed,
  OrderDisputeClosed,
  OrderEvent,
  OrderPaid,
  OrderRefunded,
} from './order-events';

/** Everything known about one order, from its stream `order-{orderId}`. */
export interface OrderState {
  paid: OrderPaid['data'] | null;
  /** The attribution in force: the original one, or the latest re-attribution's. */
  attribution: Attribution | null;
  /** Which commission the order currently earns: `{orderId}` or `{orderId}~{reattributionId}`. */
  commissionId: string | null;
  /** In arrival order; refunds may precede the payment. */
  refunds: OrderRefunded['data'][];
  /** Every outcome of every dispute, in arrival order. */
  disputes: OrderDisputeClosed['data'][];
}

export const initialOrder: OrderState = {
  paid: null,
  attribution: null,
  commissionId: null,
  refunds: [],
  disputes: [],
};

export const evolveOrder = (state: OrderState, event: OrderEvent): OrderState => {
  switch (event.type) {
    case 'OrderPaid':
      return {
        ...state,
        paid: event.data,
        attribution: event.data.attribution,
        commissionId: event.data.orderId,
      };
    case 'OrderRefunded':
      return { ...state, refunds: [...state.refunds, event.data] };
    case 'OrderDisputeClosed':
      return { ...state, disputes: [...state.disputes, event.data] };
    case 'OrderAttributed':
      return {
        ...state,
        paid: state.paid && {
          ...state.paid,
          attribution: event.data.attribution,
          explanation: event.data.explanation,
        },
        attribution: event.data.attribution,
        commissionId: event.data.orderId,
      };
    case 'OrderReattributed':
      return {
        ...state,
        attribution: event.data.attribution,
        commissionId: `${event.data.orderId}~${event.data.reattributionId}`,
      };
    default:
      return assertNever(event);
  }
};

/** The outcome that counts for each dispute: the one decided last (arrival order may differ). */
export const effectiveDisputes = (state: OrderState): OrderDisputeClosed['data'][] => {
  const latest = new Map<string, OrderDisputeClosed['data']>();
  for (const dispute of state.disputes) {
    const known = latest.get(dispute.disputeId);
    if (!known || Date.parse(dispute.closedAt) >= Date.parse(known.closedAt))
      latest.set(dispute.disputeId, dispute);
  }
  return [...latest.values()];
};

/**
 * A subscription's invoice recorded unattributed for want of a binding (none yet), never re-attributed
 * since: the binding, once recorded, decides it.
 */
const awaitsBinding = (state: OrderState): state is OrderState & { paid: OrderPaid['data'] } =>
  state.paid !== null &&
  state.paid.subscription !== undefined &&
  state.paid.attribution === null &&
  state.commissionId === state.paid.orderId &&
  state.paid.explanation.some((check) => check.check === 'subscription' && !check.ok);

/** Attributes an invoice that waited for its binding; null when it does not wait (or still earns nobody). */
export const attributeAwaitingOrder = (
  state: OrderState,
  decision: { attribution: Attribution | null; explanation: AttributionCheck[] },
  now: string,
): OrderAttributed | null =>
  awaitsBinding(state) && decision.attribution
    ? {
        type: 'OrderAttributed',
        data: {
          orderId: state.paid.orderId,
          attribution: decision.attribution,
          explanation: decision.explanation,
          occurredAt: now,
        },
      }
    : null;
