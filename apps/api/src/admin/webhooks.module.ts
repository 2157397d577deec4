import { Module } from '@nestjs/common';
import {
  WebhookEndpoints,
  webhookSecretBox,
  type AppConfig,
  type Clock,
} from '@threadtrak/application';
import type { EventStore } from '@threadtrak/event-store';
import { APP_CONFIG, CLOCK, EVENT_STORE } from '@threadtrak/wiring';
import {
  DeliveriesHandler,
  RedeliverHandler,
  RegisterWebhookHandler,
  RemoveWebhookHandler,
  WebhooksHandler,
} from './webhooks.commands';
import { WebhooksController } from './webhooks.controller';

/** Outbound webhooks: the admin's endpoints and their deliveries (the deliveries themselves: the worker). */
@Module({
  controllers: [WebhooksController],
  providers: [
    {
      provide: WebhookEndpoints,
      useFactory: (store: EventStore, config: AppConfig, clock: Clock) =>
        new WebhookEndpoints(store, webhookSecretBox(config), clock),
      inject: [EVENT_STORE, APP_CONFIG, CLOCK],
    },
    RegisterWebhookHandler,
    RemoveWebhookHandler,
    RedeliverHandler,
    WebhooksHandler,
    DeliveriesHandler,
  ],
})
export class WebhooksModule {}
