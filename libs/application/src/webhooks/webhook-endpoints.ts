import { eventId, type EventStore, type RecordedEvent } from '@threadtrak/event-store';
import { assert } from '@threadtrak/ledger';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { evolveDelivery, nextAttemptNumber, type Delivery } from './delivery';
import type { SecretBox } from './secret-box';
import {
  webhookStreams,
  type WebhookDeliveryEvent,
  type WebhookEndpointEvent,
  type WebhookEndpointRegistered,
  type WebhookRedeliveryRequested,
} from './webhook-events';

export interface WebhookEndpointView {
  webhookId: string;
  url: string;
  events: string[];
  createdAt: string;
}

export interface DeliveryView {
  deliveryId: string;
  eventId: string;
  type: string;
  status: Delivery['status'];
  createdAt: string;
  attempts: {
    attempt: number;
    attemptedAt: string;
    responseStatus: number | null;
    error: string | null;
    durationMs: number;
  }[];
  nextAttemptAt: string | null;
}

/** How many of the endpoint stream's latest events the deliveries list folds. */
const RECENT_EVENTS = 2000;

/** The admin's side of outbound webhooks: endpoints, their deliveries, redelivery. Everything from the log. */
export class WebhookEndpoints {
  constructor(
    private readonly store: EventStore,
    private readonly box: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** The secret is in the answer only: the log keeps it sealed. */
  async register(
    input: { url: string; events: string[] },
    actor: string,
  ): Promise<{ webhookId: string; secret: string }> {
    const webhookId = `we_${randomBytes(8).toString('hex')}`;
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const event: WebhookEndpointRegistered = {
      type: 'WebhookEndpointRegistered',
      data: {
        webhookId,
        url: input.url,
        events: [...new Set(input.events)],
        secretSealed: this.box.seal(secret),
        createdAt: this.clock.now().toISOString(),
      },
    };
    await this.store.appendToStream(webhookStreams.endpoints(), [
      {
        id: eventId(event.type, webhookId),
        type: event.type,
        data: event.data,
        metadata: { actor },
      },
    ]);
    return { webhookId, secret };
  }

  async list(): Promise<WebhookEndpointView[]> {
    return [...(await this.endpoints()).values()];
  }

  async find(webhookId: string): Promise<WebhookEndpointView | null> {
    return (await this.endpoints()).get(webhookId) ?? null;
  }

  /** False when there is no such endpoint (or it is removed already). */
  async remove(webhookId: string, actor: string): Promise<boolean> {
    if (!(await this.find(webhookId))) return false;
    const event = {
      type: 'WebhookEndpointRemoved',
      data: { webhookId, removedAt: this.clock.now().toISOString() },
    };
    await this.store.appendToStream(webhookStreams.endpoints(), [
      {
        id: eventId(event.type, webhookId),
        type: event.type,
        data: event.data,
        metadata: { actor },
      },
    ]);
    return true;
  }

  /** The latest deliveries first: each with its attempts (status code, error), and the next attempt's time. */
  async deliveries(webhookId: string, limit: number): Promise<DeliveryView[]> {
    const recent: RecordedEvent[] = [];
    for await (const event of this.store.readStream(webhookStreams.deliveries(webhookId), {
      direction: 'backwards',
      maxCount: RECENT_EVENTS,
    }))
      recent.push(event);
    const folded = this.fold(recent.reverse());
    return [...folded.values()].reverse().slice(0, limit).map(view);
  }

  /** Queues one more attempt of a delivery, whatever its status; null when the delivery is unknown. */
  async redeliver(
    webhookId: string,
    deliveryId: string,
    actor: string,
  ): Promise<DeliveryView | null> {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(webhookStreams.deliveries(webhookId))) {
      if ((event.data as { deliveryId: string }).deliveryId === deliveryId) events.push(event);
    }
    const delivery = this.fold(events).get(deliveryId);
    if (!delivery) return null;
    const requestId = `req_${randomBytes(8).toString('hex')}`;
    const event: WebhookRedeliveryRequested = {
      type: 'WebhookRedeliveryRequested',
      data: {
        requestId,
        deliveryId,
        webhookId,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        body: delivery.body,
        afterAttempt: nextAttemptNumber(delivery) - 1,
        requestedAt: this.clock.now().toISOString(),
      },
    };
    await this.store.appendToStream(webhookStreams.deliveries(webhookId), [
      {
        id: eventId(event.type, requestId),
        type: event.type,
        data: event.data,
        metadata: { actor },
      },
    ]);
    const requested = evolveDelivery(delivery, event);
    assert(requested, 'a redelivery request keeps its delivery');
    return view(requested);
  }

  private async endpoints(): Promise<Map<string, WebhookEndpointView>> {
    const endpoints = new Map<string, WebhookEndpointView>();
    for await (const recorded of this.store.readStream(webhookStreams.endpoints())) {
      const event = { type: recorded.type, data: recorded.data } as WebhookEndpointEvent;
      if (event.type === 'WebhookEndpointRegistered') {
        const { webhookId, url, events, createdAt } = event.data;
        endpoints.set(webhookId, { webhookId, url, events, createdAt });
      } else endpoints.delete(event.data.webhookId);
    }
    return endpoints;
  }

  private fold(events: RecordedEvent[]): Map<string, Delivery> {
    const deliveries = new Map<string, Delivery>();
    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as WebhookDeliveryEvent;
      const next = evolveDelivery(deliveries.get(event.data.deliveryId), event);
      if (next) deliveries.set(next.deliveryId, next);
    }
    return deliveries;
  }
}

const view = (delivery: Delivery): DeliveryView => ({
  deliveryId: delivery.deliveryId,
  eventId: delivery.eventId,
  type: delivery.eventType,
  status: delivery.status,
  createdAt: delivery.createdAt,
  attempts: delivery.attempts.map(
    ({ attempt, attemptedAt, responseStatus, error, durationMs }) => ({
      attempt,
      attemptedAt,
      responseStatus: responseStatus ?? null,
      error: error ?? null,
      durationMs,
    }),
  ),
  nextAttemptAt:
    delivery.status === 'pending' && delivery.nextAttemptAt !== null
      ? new Date(delivery.nextAttemptAt).toISOString()
      : null,
});
