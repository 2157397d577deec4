import { assert } from '@threadtrak/ledger';
import {
  eventId,
  type Checkpoint,
  type EventStore,
  type RecordedEvent,
} from '@threadtrak/event-store';
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { LogConsumer } from '../processing/log-consumer';
import { nextAttemptAt, type RetrySchedule } from './backoff';
import { evolveDelivery, lastRequest, nextAttemptNumber, type Delivery } from './delivery';
import type { WebhookSender } from './http-sender';
import { toPublicEvent, type PublicEvent } from './public-events';
import type { SecretBox } from './secret-box';
import {
  webhookStreams,
  type WebhookDeliveryEvent,
  type WebhookDeliveryScheduled,
  type WebhookEndpointEvent,
} from './webhook-events';

export interface WebhookDispatcherDeps {
  store: EventStore;
  clock: Clock;
  box: SecretBox;
  send: WebhookSender;
  schedule: RetrySchedule;
  /** Attempts in flight per endpoint. */
  concurrency: number;
  /** The checkpoint's name. Default `webhook-deliveries`. */
  name?: string;
  log?: (line: string) => void;
  random?: () => number;
}

interface Endpoint {
  webhookId: string;
  url: string;
  events: Set<string>;
  /** null when the webhook key cannot open it (WEBHOOK_KEY changed): attempts fail with that reason. */
  secret: string | null;
  registeredAt: number;
  removedAt?: number;
  inFlight: number;
  /** Its pending deliveries, oldest first, with the wall-clock instant each is ready (see `ready`). */
  pending: Map<string, { delivery: Delivery; readyAt: number; busy?: boolean }>;
}

const ACTOR = 'system:webhooks';

/** One delivery per (endpoint, log event): the same pair always gives the same id. */
const deliveryIdOf = (webhookId: string, logEventId: string) =>
  `whd_${createHash('sha256').update(`${webhookId}:${logEventId}`).digest('hex').slice(0, 24)}`;

/**
 * The outbound webhooks' log consumer (`webhook-deliveries`), run by a LogProcessor under its own lease.
 *
 * Reading: each batch the processor hands over turns each reported log event into one
 * WebhookDeliveryScheduled per subscribed endpoint (appended to the endpoint's stream) before `handle`
 * resolves, and the processor moves the checkpoint only then: a fact is never skipped, and one seen twice
 * is scheduled once (same delivery id).
 * Sending: apart from reading, each endpoint gets at most `concurrency` attempts at once, each bounded by
 * the sender's timeout, and each outcome is appended (WebhookDelivered, or WebhookDeliveryAttempted with
 * the next attempt's time). A restart folds the endpoints' streams back into the pending deliveries, so
 * the backoff state survives it. A slow receiver holds up neither the log nor other endpoints.
 */
export class WebhookDispatcher implements LogConsumer {
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly running = new Set<Promise<void>>();
  /** Deliveries already scheduled for log events after the checkpoint (a restart re-reads those). */
  private readonly scheduledAhead = new Map<string, number>();
  private readonly seenRequests = new Set<string>();
  private timer?: NodeJS.Timeout;
  private stopping = false;
  readonly name: string;
  private readonly logLine: (line: string) => void;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.name = deps.name ?? 'webhook-deliveries';
    this.logLine = deps.log ?? ((line) => console.error(line));
  }

  /** Folds the endpoints' streams back into the pending deliveries, then starts the attempts that are due. */
  async start({ position: from }: Checkpoint): Promise<void> {
    this.stopping = false;
    this.endpoints.clear();
    this.scheduledAhead.clear();
    this.seenRequests.clear();
    for await (const event of this.deps.store.readStream(webhookStreams.endpoints()))
      this.observeEndpoint(event);
    for (const endpoint of this.endpoints.values()) {
      if (endpoint.removedAt !== undefined) continue;
      for await (const recorded of this.deps.store.readStream(
        webhookStreams.deliveries(endpoint.webhookId),
      )) {
        const event = { type: recorded.type, data: recorded.data } as WebhookDeliveryEvent;
        if (event.type === 'WebhookDeliveryScheduled' && event.data.sourcePosition > from) {
          this.scheduledAhead.set(event.data.deliveryId, event.data.sourcePosition);
        }
        if (event.type === 'WebhookRedeliveryRequested')
          this.seenRequests.add(event.data.requestId);
        this.fold(endpoint, event);
      }
    }
    const tickMs = Math.min(1000, Math.max(20, Math.floor(this.deps.schedule.baseMs / 2)));
    this.timer = setInterval(() => this.runDue(), tickMs);
    this.timer.unref();
    this.runDue();
  }

  /** Stops starting attempts; resolves when the attempts in flight have been recorded. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Deliveries waiting for an attempt, all endpoints together. */
  pendingCount(): number {
    let count = 0;
    for (const endpoint of this.endpoints.values()) count += endpoint.pending.size;
    return count;
  }

  /** Schedules a delivery of each reported event to every endpoint that wants it, before resolving. */
  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const scheduled = new Map<string, WebhookDeliveryScheduled[]>();
    const now = this.deps.clock.now().toISOString();
    for (const event of events) {
      if (event.type === 'WebhookEndpointRegistered' || event.type === 'WebhookEndpointRemoved') {
        this.observeEndpoint(event);
      } else if (event.type === 'WebhookRedeliveryRequested') {
        const data = event.data as { requestId: string; webhookId: string };
        const endpoint = this.endpoints.get(data.webhookId);
        if (endpoint && !this.seenRequests.has(data.requestId))
          this.fold(endpoint, { type: event.type, data } as WebhookDeliveryEvent);
        this.seenRequests.add(data.requestId);
      } else {
        const reported = toPublicEvent(event);
        if (!reported) continue;
        for (const endpoint of this.endpoints.values()) {
          if (!this.wants(endpoint, reported, event.position)) continue;
          const deliveryId = deliveryIdOf(endpoint.webhookId, event.id);
          if (this.scheduledAhead.has(deliveryId)) continue;
          const list = scheduled.get(endpoint.webhookId) ?? [];
          list.push({
            type: 'WebhookDeliveryScheduled',
            data: {
              deliveryId,
              webhookId: endpoint.webhookId,
              eventId: reported.id,
              eventType: reported.type,
              body: JSON.stringify(reported),
              sourcePosition: event.position,
              scheduledAt: now,
            },
          });
          scheduled.set(endpoint.webhookId, list);
        }
      }
    }
    for (const [webhookId, list] of scheduled) {
      await this.deps.store.appendToStream(
        webhookStreams.deliveries(webhookId),
        list.map((event) => ({
          id: eventId(event.type, event.data.deliveryId),
          type: event.type,
          data: event.data,
          metadata: { actor: ACTOR },
        })),
      );
      const endpoint = this.endpoints.get(webhookId);
      assert(endpoint, `deliveries are scheduled for known endpoints only (${webhookId})`);
      for (const event of list) this.fold(endpoint, event);
    }
    const last = events.at(-1);
    assert(last, 'a batch read from the log holds at least one event');
    const position = last.position;
    for (const [deliveryId, sourcePosition] of this.scheduledAhead)
      if (sourcePosition <= position) this.scheduledAhead.delete(deliveryId);
    this.runDue();
  }

  private wants(endpoint: Endpoint, reported: PublicEvent, position: number): boolean {
    if (
      endpoint.registeredAt >= position ||
      (endpoint.removedAt !== undefined && endpoint.removedAt <= position)
    )
      return false;
    return endpoint.events.has('*') || endpoint.events.has(reported.type);
  }

  private observeEndpoint(event: RecordedEvent): void {
    const { type, data } = { type: event.type, data: event.data } as WebhookEndpointEvent;
    if (type === 'WebhookEndpointRemoved') {
      const endpoint = this.endpoints.get(data.webhookId);
      if (endpoint && endpoint.removedAt === undefined) {
        endpoint.removedAt = event.position;
        endpoint.pending.clear();
      }
      return;
    }
    if (this.endpoints.has(data.webhookId)) return;
    let secret: string | null = null;
    try {
      secret = this.deps.box.open(data.secretSealed);
    } catch {
      this.logLine(
        `webhooks: the secret of ${data.webhookId} cannot be opened with this WEBHOOK_KEY; its deliveries fail until it can`,
      );
    }
    this.endpoints.set(data.webhookId, {
      webhookId: data.webhookId,
      url: data.url,
      events: new Set(data.events),
      secret,
      registeredAt: event.position,
      inFlight: 0,
      pending: new Map(),
    });
  }

  /** Keeps the delivery while it is pending; `readyAt` turns the clock's next attempt into a wall-clock wait. */
  private fold(endpoint: Endpoint, event: WebhookDeliveryEvent): void {
    const entry = endpoint.pending.get(event.data.deliveryId);
    const next = evolveDelivery(entry?.delivery, event);
    if (!next || next.status !== 'pending' || endpoint.removedAt !== undefined) {
      endpoint.pending.delete(event.data.deliveryId);
      return;
    }
    const wait = Math.max(0, (next.nextAttemptAt ?? 0) - this.deps.clock.now().getTime());
    endpoint.pending.set(next.deliveryId, {
      delivery: next,
      readyAt: Date.now() + wait,
      busy: entry?.busy,
    });
  }

  /**
   * Starts the attempts that are due. Due when the clock reached the next attempt's time, or when as much
   * wall-clock time passed: with the system clock both are the same; a test that sets the clock (a file)
   * moves backoff forward at once, and short backoffs (WEBHOOK_BACKOFF_BASE_MS) elapse without moving it.
   */
  private runDue(): void {
    if (this.stopping) return;
    const clockNow = this.deps.clock.now().getTime();
    const wallNow = Date.now();
    for (const endpoint of this.endpoints.values()) {
      for (const [deliveryId, entry] of endpoint.pending) {
        if (endpoint.inFlight >= this.deps.concurrency) break;
        if (entry.busy) continue;
        if (wallNow < entry.readyAt && clockNow < (entry.delivery.nextAttemptAt ?? Infinity))
          continue;
        entry.busy = true;
        endpoint.inFlight += 1;
        const task: Promise<void> = this.attempt(endpoint, entry.delivery)
          .catch((error) => {
            // Recording the outcome failed (the store is away): tried again after a base delay; at least once.
            this.logLine(
              `webhooks: ${deliveryId}: ${error instanceof Error ? error.message : String(error)}`,
            );
            const still = endpoint.pending.get(deliveryId);
            if (still) still.readyAt = Date.now() + this.deps.schedule.baseMs;
          })
          .finally(() => {
            const after = endpoint.pending.get(deliveryId);
            if (after) after.busy = false;
            endpoint.inFlight -= 1;
            this.running.delete(task);
            this.runDue();
          });
        this.running.add(task);
      }
    }
  }

  private async attempt(endpoint: Endpoint, delivery: Delivery): Promise<void> {
    const attempt = nextAttemptNumber(delivery);
    const result = endpoint.secret
      ? await this.deps.send({
          url: endpoint.url,
          body: delivery.body,
          secret: endpoint.secret,
          deliveryId: delivery.deliveryId,
          eventId: delivery.eventId,
          attempt,
        })
      : {
          ok: false,
          error: 'the endpoint secret cannot be opened with this WEBHOOK_KEY',
          durationMs: 0,
        };
    const now = this.deps.clock.now();
    const attemptedAt = now.toISOString();
    // A 2xx always has its status: an answer without one is no acknowledgement.
    const event: WebhookDeliveryEvent =
      result.ok && result.responseStatus !== undefined
        ? {
            type: 'WebhookDelivered',
            data: {
              deliveryId: delivery.deliveryId,
              attempt,
              attemptedAt,
              responseStatus: result.responseStatus,
              durationMs: result.durationMs,
            },
          }
        : {
            type: 'WebhookDeliveryAttempted',
            data: {
              deliveryId: delivery.deliveryId,
              attempt,
              attemptedAt,
              ...(result.responseStatus === undefined
                ? {}
                : { responseStatus: result.responseStatus }),
              error: result.error ?? 'failed',
              durationMs: result.durationMs,
              nextAttemptAt: toIso(
                nextAttemptAt(
                  attempt,
                  delivery.windowStart,
                  now.getTime(),
                  this.deps.schedule,
                  this.deps.random,
                ),
              ),
            },
          };
    await this.deps.store.appendToStream(webhookStreams.deliveries(endpoint.webhookId), [
      {
        id: eventId(event.type, delivery.deliveryId, String(attempt), lastRequest(delivery)),
        type: event.type,
        data: event.data,
        metadata: { actor: ACTOR },
      },
    ]);
    if (event.type === 'WebhookDeliveryAttempted' && event.data.nextAttemptAt === null) {
      this.logLine(
        `webhooks: ${delivery.deliveryId} to ${endpoint.webhookId} failed for good after ${attempt} attempts (${result.error})`,
      );
    }
    this.fold(endpoint, event);
  }
}

const toIso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
