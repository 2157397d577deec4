import type { Decider } from '../decider';
import { assertNever } from '../events';
import type { AttributionCheck } from '../orders/order-events';
import type { LinkKind } from '../clicks/click-recorded';

/** Whom a subscription's invoices earn for: the winner of its checkout (a click, or a promotion code). */
export interface SubscriptionBinding {
  affiliateId: string;
  clickId?: string;
  linkKind?: LinkKind;
  campaign?: string;
  promoCode?: string;
}

/**
 * Stream `subscription-{subscriptionId}`. The subscription's completed checkout, decided once like an
 * order's attribution (clicks in the window before `boundAt`, promotion codes first), with the facts a
 * re-attribution needs to decide it again.
 */
export interface SubscriptionBound {
  type: 'SubscriptionBound';
  data: {
    subscriptionId: string;
    customerId: string | null;
    /** The Checkout Session that created the subscription. */
    sessionId: string;
    /** When the session was created: the instant the cookie window is measured to. */
    boundAt: string;
    clickId?: string;
    visitorId?: string;
    customerEmailHash?: string;
    promoCode?: string;
    rulesVersion: number;
    /** null: no click or code wins; the invoices earn nothing. */
    binding: SubscriptionBinding | null;
    explanation: AttributionCheck[];
  };
}

/** A paid invoice of the subscription, numbered in the order invoices were recorded (1 = the first). */
export interface SubscriptionInvoicePaid {
  type: 'SubscriptionInvoicePaid';
  data: { subscriptionId: string; invoiceId: string; ordinal: number; occurredAt: string };
}

/**
 * A re-attribution re-decided the subscription's checkout under other rules: the invoices paid from now on
 * earn for this binding (those of its range were re-attributed as orders).
 */
export interface SubscriptionReattributed {
  type: 'SubscriptionReattributed';
  data: {
    subscriptionId: string;
    reattributionId: string;
    binding: SubscriptionBinding | null;
    rulesVersion: number;
    explanation: AttributionCheck[];
    occurredAt: string;
  };
}

export type SubscriptionEvent =
  SubscriptionBound | SubscriptionInvoicePaid | SubscriptionReattributed;

export interface SubscriptionState {
  /** The binding in force: the checkout's, or the latest re-attribution's. */
  bound: (SubscriptionBound['data'] & { reattributionId?: string }) | null;
  /** invoiceId → ordinal. */
  invoices: ReadonlyMap<string, number>;
}

export const initialSubscription = (): SubscriptionState => ({ bound: null, invoices: new Map() });

export const evolveSubscription = (
  state: SubscriptionState,
  event: SubscriptionEvent,
): SubscriptionState => {
  switch (event.type) {
    case 'SubscriptionBound':
      return state.bound ? state : { ...state, bound: event.data };
    case 'SubscriptionInvoicePaid':
      return {
        ...state,
        invoices: new Map([...state.invoices, [event.data.invoiceId, event.data.ordinal]]),
      };
    case 'SubscriptionReattributed': {
      const { binding, rulesVersion, explanation, reattributionId } = event.data;
      return state.bound
        ? {
            ...state,
            bound: { ...state.bound, binding, rulesVersion, explanation, reattributionId },
          }
        : state;
    }
    default:
      return assertNever(event);
  }
};

/** The first binding stands; a second session of the same subscription (there is none in Stripe) changes nothing. */
export const bindSubscription = (
  state: SubscriptionState,
  bound: SubscriptionBound['data'],
): SubscriptionBound | null => (state.bound ? null : { type: 'SubscriptionBound', data: bound });

/** Numbers a paid invoice once; its number never changes, so replay and redelivery agree. */
export const recordSubscriptionInvoice = (
  state: SubscriptionState,
  command: { subscriptionId: string; invoiceId: string; now: string },
): SubscriptionInvoicePaid | null =>
  state.invoices.has(command.invoiceId)
    ? null
    : {
        type: 'SubscriptionInvoicePaid',
        data: {
          subscriptionId: command.subscriptionId,
          invoiceId: command.invoiceId,
          ordinal: state.invoices.size + 1,
          occurredAt: command.now,
        },
      };

/** Records a re-decided binding once per re-attribution. */
const reattributeSubscription = (
  state: SubscriptionState,
  rebound: SubscriptionBound['data'],
  reattributionId: string,
  now: string,
): SubscriptionReattributed | null =>
  !state.bound || state.bound.reattributionId === reattributionId
    ? null
    : {
        type: 'SubscriptionReattributed',
        data: {
          subscriptionId: rebound.subscriptionId,
          reattributionId,
          binding: rebound.binding,
          rulesVersion: rebound.rulesVersion,
          explanation: rebound.explanation,
          occurredAt: now,
        },
      };

export type SubscriptionCommand =
  | { type: 'BindSubscription'; bound: SubscriptionBound['data'] }
  | { type: 'RecordSubscriptionInvoice'; subscriptionId: string; invoiceId: string; now: string }
  | {
      type: 'ReattributeSubscription';
      rebound: SubscriptionBound['data'];
      reattributionId: string;
      now: string;
    };

const decideSubscription = (
  command: SubscriptionCommand,
  state: SubscriptionState,
): SubscriptionEvent[] => {
  const event =
    command.type === 'BindSubscription'
      ? bindSubscription(state, command.bound)
      : command.type === 'RecordSubscriptionInvoice'
        ? recordSubscriptionInvoice(state, command)
        : reattributeSubscription(state, command.rebound, command.reattributionId, command.now);
  return event ? [event] : [];
};

/** The stream `subscription-{subscriptionId}`: its binding to an affiliate and its numbered invoices. */
export const subscriptionDecider: Decider<
  SubscriptionState,
  SubscriptionCommand,
  SubscriptionEvent
> = {
  initialState: initialSubscription,
  evolve: evolveSubscription,
  decide: decideSubscription,
};
