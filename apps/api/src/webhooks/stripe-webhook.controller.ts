import { Controller, Headers, HttpCode, NotFoundException, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { badInput } from '../http/validation';
import { StripeEvents } from './stripe-events';
import { HandleStripeEventCommand } from './handle-stripe-event.command';
import { ApiRoutes } from '../http/api-docs';
import { STRIPE_WEBHOOK_DOCS } from './stripe-webhook.responses';

/** `POST /v1/webhooks/stripe`: the signature is checked here, the event is a command. */
@Controller('v1/webhooks')
@ApiRoutes(STRIPE_WEBHOOK_DOCS)
export class StripeWebhookController {
  constructor(
    private readonly events: StripeEvents,
    private readonly commands: CommandBus,
  ) {}

  @Post('stripe')
  @HttpCode(200)
  async receive(
    @Req() request: { rawBody?: Buffer; id: string },
    @Headers('stripe-signature') signature: string | undefined,
  ) {
    if (!this.events.client)
      throw new NotFoundException({
        error: { code: 'not_found', message: 'Stripe webhooks are not configured' },
      });
    if (!signature || !request.rawBody)
      throw badInput('missing Stripe-Signature header or body', ['stripe-signature']);
    const event = this.events.verify(request.rawBody, signature);
    return {
      received: true,
      ...(await this.commands.execute(new HandleStripeEventCommand(event))),
    };
  }
}
