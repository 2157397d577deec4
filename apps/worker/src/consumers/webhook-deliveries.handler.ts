import { Inject } from '@nestjs/common';
import {
  webhookDeliveries,
  type AppConfig,
  type Clock,
  type WebhookDispatcher,
} from '@threadtrak/application';
import type { Checkpoint, EventStore } from '@threadtrak/event-store';
import { APP_CONFIG, CLOCK, EVENT_STORE } from '@threadtrak/wiring';
import { ConsumesLog, type LogBatch, type LogEventsHandler } from '../processing/consumes-log';

/**
 * The outbound webhooks (WebhookDispatcher): their own lease and checkpoint, so a slow receiver holds up
 * no other consumer; the attempts run beside the log's reading, and `stop` waits for those in flight.
 */
@ConsumesLog('webhook-deliveries')
export class WebhookDeliveriesHandler implements LogEventsHandler {
  private readonly dispatcher: WebhookDispatcher;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.dispatcher = webhookDeliveries(config, store, clock, (line) => console.log(line));
  }

  start(from: Checkpoint): Promise<void> {
    return this.dispatcher.start(from);
  }

  handle({ events }: LogBatch): Promise<void> {
    return this.dispatcher.handle(events);
  }

  stop(): Promise<void> {
    return this.dispatcher.stop();
  }
}
