import type { WebhookDeliveryEvent, WebhookEventName } from './webhook-events';

/**
 * One delivery: one reported fact owed to one endpoint. Folded from the endpoint's stream, by the
 * dispatcher (which keeps only the pending ones) and by the deliveries list.
 */
export interface Delivery {
  deliveryId: string;
  webhookId: string;
  eventId: string;
  eventType: WebhookEventName;
  body: string;
  createdAt: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: DeliveryAttempt[];
  /** Epoch ms of the next attempt while pending. */
  nextAttemptAt: number | null;
  /** Epoch ms the retry window runs from: scheduling, or the last redelivery request. */
  windowStart: number;
  /** Attempts made before the last redelivery request: their outcomes no longer decide the status. */
  reopenedAfter: number;
  /** Redelivery requests already taken into account, so a second fold of one changes nothing. */
  requests: Set<string>;
}

export interface DeliveryAttempt {
  attempt: number;
  attemptedAt: string;
  responseStatus?: number;
  error?: string;
  durationMs: number;
  ok: boolean;
}

/** The attempt number the next attempt will carry. */
export const nextAttemptNumber = (delivery: Delivery): number =>
  Math.max(delivery.attempts.at(-1)?.attempt ?? 0, delivery.reopenedAfter) + 1;

/** The last redelivery request taken into account (part of the attempts' event ids). */
export const lastRequest = (delivery: Delivery): string => [...delivery.requests].at(-1) ?? '';

/** Applies one event of the endpoint's stream; folding the same event twice changes nothing. */
export const evolveDelivery = (
  delivery: Delivery | undefined,
  event: WebhookDeliveryEvent,
): Delivery | undefined => {
  switch (event.type) {
    case 'WebhookDeliveryScheduled': {
      if (delivery) return delivery;
      const { deliveryId, webhookId, eventId, eventType, body, scheduledAt } = event.data;
      const at = Date.parse(scheduledAt);
      return {
        deliveryId,
        webhookId,
        eventId,
        eventType,
        body,
        createdAt: scheduledAt,
        status: 'pending',
        attempts: [],
        nextAttemptAt: at,
        windowStart: at,
        reopenedAfter: 0,
        requests: new Set(),
      };
    }
    case 'WebhookDeliveryAttempted':
    case 'WebhookDelivered': {
      if (!delivery || delivery.attempts.some((a) => a.attempt === event.data.attempt))
        return delivery;
      const ok = event.type === 'WebhookDelivered';
      const { attempt, attemptedAt, responseStatus, durationMs } = event.data;
      const error = event.type === 'WebhookDeliveryAttempted' ? event.data.error : undefined;
      const attempts = [
        ...delivery.attempts,
        { attempt, attemptedAt, responseStatus, error, durationMs, ok },
      ].sort((a, b) => a.attempt - b.attempt);
      const latest = attempts.every((earlier) => earlier.attempt <= attempt);
      if (attempt <= delivery.reopenedAfter || !latest) return { ...delivery, attempts };
      if (ok) return { ...delivery, attempts, status: 'delivered', nextAttemptAt: null };
      const next = event.type === 'WebhookDeliveryAttempted' ? event.data.nextAttemptAt : null;
      return {
        ...delivery,
        attempts,
        status: next ? 'pending' : 'failed',
        nextAttemptAt: next ? Date.parse(next) : null,
      };
    }
    case 'WebhookRedeliveryRequested': {
      const {
        requestId,
        deliveryId,
        webhookId,
        eventId,
        eventType,
        body,
        requestedAt,
        afterAttempt,
      } = event.data;
      if (delivery?.requests.has(requestId)) return delivery;
      const at = Date.parse(requestedAt);
      const base: Delivery = delivery ?? {
        deliveryId,
        webhookId,
        eventId,
        eventType,
        body,
        createdAt: requestedAt,
        status: 'pending',
        attempts: [],
        nextAttemptAt: at,
        windowStart: at,
        reopenedAfter: 0,
        requests: new Set(),
      };
      return {
        ...base,
        status: 'pending',
        nextAttemptAt: at,
        windowStart: at,
        reopenedAfter: Math.max(afterAttempt, nextAttemptNumber(base) - 1),
        requests: new Set([...base.requests, requestId]),
      };
    }
  }
};
