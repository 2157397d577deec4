/**
 * The outbound webhooks' own facts. They live in the log beside the ledger but are not ledger events:
 * the projections and the audit skip them (`isLedgerEvent`), so they never touch a money check.
 *
 * Stream `webhooks`: endpoints come and go. Stream `webhook-{webhookId}`: that endpoint's deliveries,
 * each scheduled once, then attempted until a 2xx or the retry window ends.
 */

/** Public event names (shared/API.md, "Outbound webhooks"). */
export const WEBHOOK_EVENT_NAMES = [
  'order.attributed',
  'commission.earned',
  'commission.reversed',
  'commission.due',
  'payout.requested',
  'payout.approved',
  'payout.sent',
  'payout.failed',
  'payout.rejected',
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENT_NAMES)[number];

export const webhookStreams = {
  endpoints: () => 'webhooks',
  deliveries: (webhookId: string) => `webhook-${webhookId}`,
} as const;

export interface WebhookEndpointRegistered {
  type: 'WebhookEndpointRegistered';
  data: {
    webhookId: string;
    url: string;
    /** Public event names, or `['*']` for all of them. */
    events: string[];
    /** The signing secret, encrypted with the webhook key (see secret-box.ts); never the secret itself. */
    secretSealed: string;
    createdAt: string;
  };
}

export interface WebhookEndpointRemoved {
  type: 'WebhookEndpointRemoved';
  data: { webhookId: string; removedAt: string };
}

/** A fact of the ledger is owed to an endpoint. `body` is the exact JSON posted on every attempt. */
export interface WebhookDeliveryScheduled {
  type: 'WebhookDeliveryScheduled';
  data: {
    deliveryId: string;
    webhookId: string;
    /** The public event's id (`evt_…`), derived from the log event it reports. */
    eventId: string;
    eventType: WebhookEventName;
    body: string;
    /** Log position of the reported event. */
    sourcePosition: number;
    scheduledAt: string;
  };
}

/** An attempt that got no 2xx. `nextAttemptAt` null: the retry window is over, the delivery failed. */
export interface WebhookDeliveryAttempted {
  type: 'WebhookDeliveryAttempted';
  data: {
    deliveryId: string;
    attempt: number;
    attemptedAt: string;
    /** The receiver's status code, absent when no answer came (timeout, refused connection). */
    responseStatus?: number;
    error: string;
    durationMs: number;
    nextAttemptAt: string | null;
  };
}

export interface WebhookDelivered {
  type: 'WebhookDelivered';
  data: {
    deliveryId: string;
    attempt: number;
    attemptedAt: string;
    responseStatus: number;
    durationMs: number;
  };
}

/**
 * An admin asked for one more delivery. It carries the delivery's body so the dispatcher, which forgets
 * finished deliveries, can send it without reading the endpoint's history.
 */
export interface WebhookRedeliveryRequested {
  type: 'WebhookRedeliveryRequested';
  data: {
    requestId: string;
    deliveryId: string;
    webhookId: string;
    eventId: string;
    eventType: WebhookEventName;
    body: string;
    /** Attempts the delivery had when the request was accepted: the next one is numbered after them. */
    afterAttempt: number;
    requestedAt: string;
  };
}

export type WebhookEndpointEvent = WebhookEndpointRegistered | WebhookEndpointRemoved;
export type WebhookDeliveryEvent =
  | WebhookDeliveryScheduled
  | WebhookDeliveryAttempted
  | WebhookDelivered
  | WebhookRedeliveryRequested;
