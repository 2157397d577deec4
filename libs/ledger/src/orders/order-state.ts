import { assertNever } from '../events';
import type { Attribution, OrderDisputeClosed, OrderEvent, OrderPaid, OrderRefunded } from './order-events';

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

export const initialOrder: OrderState = { paid: null, attribution: null, commissionId: null, refunds: [], disputes: [] };

export const evolveOrder = (state: OrderState, event: OrderEvent): OrderState => {
  switch (event.type) {
    case 'OrderPaid':
      return { ...state, paid: event.data, attribution: event.data.attribution, commissionId: event.data.orderId };
    case 'OrderRefunded':
      return { ...state, refunds: [...state.refunds, event.data] };
    case 'OrderDisputeClosed':
      return { ...state, disputes: [...state.disputes, event.data] };
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
    if (!known || Date.parse(dispute.closedAt) >= Date.parse(known.closedAt)) latest.set(dispute.disputeId, dispute);
  }
  return [...latest.values()];
};
