import { assert, type Decider } from '../decider';
import type { Attribution, OrderEvent, OrderReattributed } from '../orders/order-events';
import { evolveOrder, initialOrder, type OrderState } from '../orders/order-state';
import { isChange, summaryOf } from './reattribution-diff';
import type { ReattributionChange } from './reattribution-events';

/** An order's stream seen by a re-attribution: the order now, and what it was just before this re-attribution. */
export interface OrderUnderReattribution {
  order: OrderState;
  /** The order just before this re-attribution was recorded on it; null while it is not. */
  replaced: OrderState | null;
  /** The attribution this re-attribution recorded. */
  recorded: Attribution | null;
}

export const initialOrderUnderReattribution: OrderUnderReattribution = {
  order: initialOrder,
  replaced: null,
  recorded: null,
};

export const evolveOrderUnderReattribution =
  (reattributionId: string) =>
  (state: OrderUnderReattribution, event: OrderEvent): OrderUnderReattribution => {
    const ours =
      !state.replaced &&
      event.type === 'OrderReattributed' &&
      event.data.reattributionId === reattributionId;
    return {
      order: evolveOrder(state.order, event),
      replaced: ours ? state.order : state.replaced,
      recorded: ours ? event.data.attribution : state.recorded,
    };
  };

/** What re-attributing one order means for the ledgers: the commission it replaces and the order after it. */
export interface OrderReattribution {
  change: ReattributionChange;
  /** The commission that stops counting, and whose ledger it is in; null when the order earned nothing. */
  replaced: { commissionId: string; affiliateId: string } | null;
  /**
   * The order to post to the new affiliate's ledger: it earns commission `{orderId}~{reattributionId}`.
   * Null when it earns nothing, or when a later re-attribution has replaced this one since.
   */
  earning: OrderState | null;
}

export type ReattributeOrderOutcome =
  | { kind: 'reattributed'; event: OrderReattributed; result: OrderReattribution }
  /** Recorded by an earlier, interrupted apply: only the ledgers may still need it. */
  | { kind: 'already_reattributed'; result: OrderReattribution }
  /** The order already earns what the new decision says (another re-attribution got there first): nothing to do. */
  | { kind: 'unchanged' };

/**
 * Records the new decision on the order, once. The decision (`attribution`) does not depend on refunds or
 * disputes, so a refund that arrived since the scan changes nothing here; what the order earns now is read
 * from its stream, not from the scan.
 */
export const reattributeOrder = (
  state: OrderUnderReattribution,
  command: {
    orderId: string;
    reattributionId: string;
    attribution: Attribution | null;
    now: string;
  },
): ReattributeOrderOutcome => {
  if (state.replaced) {
    return {
      kind: 'already_reattributed',
      result: outcomeOf(state.replaced, state.recorded, state.order, command.reattributionId),
    };
  }
  const { order } = state;
  if (!order.paid || !isChange(summaryOf(order.attribution), summaryOf(command.attribution)))
    return { kind: 'unchanged' };
  const event: OrderReattributed = {
    type: 'OrderReattributed',
    data: {
      orderId: command.orderId,
      reattributionId: command.reattributionId,
      attribution: command.attribution,
      occurredAt: command.now,
    },
  };
  return {
    kind: 'reattributed',
    event,
    result: outcomeOf(
      order,
      command.attribution,
      evolveOrder(order, event),
      command.reattributionId,
    ),
  };
};

const outcomeOf = (
  before: OrderState,
  recorded: Attribution | null,
  now: OrderState,
  reattributionId: string,
): OrderReattribution => {
  assert(before.paid, 'only a paid order is re-attributed');
  const orderId = before.paid.orderId;
  const earns = now.attribution !== null && now.commissionId === `${orderId}~${reattributionId}`;
  return {
    change: { orderId, before: summaryOf(before.attribution), after: summaryOf(recorded) },
    replaced:
      before.attribution && before.commissionId
        ? { commissionId: before.commissionId, affiliateId: before.attribution.affiliateId }
        : null,
    earning: earns ? now : null,
  };
};

/** A commission a re-attribution replaced on an order: its ledger must take back what is left of it. */
export interface ReplacedCommission {
  reattributionId: string;
  commissionId: string;
  affiliateId: string;
}

/** Every commission the order's re-attributions replaced, in order, from the order's stream. */
export const replacedCommissions = (events: readonly OrderEvent[]): ReplacedCommission[] => {
  const replaced: ReplacedCommission[] = [];
  let order = initialOrder;
  for (const event of events) {
    if (event.type === 'OrderReattributed' && order.attribution && order.commissionId) {
      replaced.push({
        reattributionId: event.data.reattributionId,
        commissionId: order.commissionId,
        affiliateId: order.attribution.affiliateId,
      });
    }
    order = evolveOrder(order, event);
  }
  return replaced;
};

export type ReattributeOrder = Parameters<typeof reattributeOrder>[1];

/**
 * The order stream as one re-attribution decides on it: the order decider's events, folded into a state
 * that also remembers the order just before this re-attribution (what its ledgers must take back).
 */
export const orderReattributionDecider = (
  reattributionId: string,
): Decider<OrderUnderReattribution, ReattributeOrder, OrderEvent> => ({
  initialState: () => initialOrderUnderReattribution,
  evolve: evolveOrderUnderReattribution(reattributionId),
  decide: (command, state) => {
    const outcome = reattributeOrder(state, command);
    return outcome.kind === 'reattributed' ? [outcome.event] : [];
  },
});
