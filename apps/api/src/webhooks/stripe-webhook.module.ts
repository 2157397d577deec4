import { Module } from '@nestjs/common';
import { HandleStripeEventHandler } from './handle-stripe-event.command';
import { StripeEvents } from './stripe-events';
import { StripeWebhookController } from './stripe-webhook.controller';

@Module({
  controllers: [StripeWebhookController],
  providers: [StripeEvents, HandleStripeEventHandler],
})
export class StripeWebhookModule {}
