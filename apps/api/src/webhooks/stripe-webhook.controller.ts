import {
  Controller,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Post,
  Req,
} from '@nestjs/common';
import {
  InvalidStripeOrder,
  StripeCommerce,
  stripeReads,
  type Runtime,
} from '@threadtrak/application';
import Stripe from 'stripe';
import { saveWhenTransfersActive } from '../me/stripe-onboarding';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';
import { stripeHost } from './stripe-client';

const TOLERANCE_SECONDS = 300;

/**
 * Stripe's events, verified with `stripe.webhooks.constructEvent` (5-minute tolerance), then handed to
 * StripeCommerce: `checkout.session.completed`, `invoice.paid`, `charge.refunded`, `charge.dispute.closed`.
 * Every recorded fact takes its id from its Stripe cause, so redeliveries and any arrival order converge.
 */
@Controller('v1/webhooks')
export class StripeWebhookController {
  private readonly stripe: Stripe | null;
  private readonly commerce: StripeCommerce | null;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    const { secretKey, webhookSecret, apiBase } = runtime.config.stripe;
    this.stripe = webhookSecret
      ? new Stripe(secretKey ?? 'sk_test_webhook_only', stripeHost(apiBase))
      : null;
    this.commerce =
      this.stripe &&
      new StripeCommerce(
        stripeReads(this.stripe),
        runtime.directory,
        runtime.facts,
        runtime.recordOrder,
        runtime.recordRefund,
        runtime.bindSubscription,
        runtime.recordInvoice,
        runtime.clock,
      );
  }

  @Post('stripe')
  @HttpCode(200)
  async receive(
    @Req() request: { rawBody?: Buffer; id: string },
    @Headers('stripe-signature') signature: string | undefined,
  ) {
    if (!this.stripe || !this.commerce)
      throw new NotFoundException({
        error: { code: 'not_found', message: 'Stripe webhooks are not configured' },
      });
    if (!signature || !request.rawBody)
      throw badInput('missing Stripe-Signature header or body', ['stripe-signature']);
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(
        request.rawBody,
        signature,
        this.runtime.config.stripe.webhookSecret!,
        TOLERANCE_SECONDS,
      );
    } catch (error) {
      throw badInput(`Stripe signature check failed: ${(error as Error).message}`, [
        { code: 'invalid_signature' },
      ]);
    }
    try {
      return { received: true, ...(await this.handle(event)) };
    } catch (error) {
      if (error instanceof InvalidStripeOrder) throw badInput(error.message, error.problems);
      throw error;
    }
  }

  private handle(event: Stripe.Event) {
    const metadata = { actor: 'stripe', correlationId: event.id };
    const at = new Date(event.created * 1000).toISOString();
    switch (event.type) {
      case 'checkout.session.completed':
        return this.commerce!.checkoutCompleted(event.data.object, at, metadata);
      case 'invoice.paid':
        return this.commerce!.invoicePaid(event.data.object, at, metadata);
      case 'charge.refunded':
        return this.commerce!.chargeRefunded(event.data.object, at, metadata);
      case 'charge.dispute.closed':
        return this.commerce!.disputeClosed(event.data.object, at, metadata);
      case 'account.updated':
        return saveWhenTransfersActive(this.runtime, event.data.object).then((account) => ({
          account,
        }));
      default:
        return Promise.resolve({ ignored: event.type });
    }
  }
}
