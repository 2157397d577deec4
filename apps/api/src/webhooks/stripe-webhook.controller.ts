import { Controller, Headers, HttpCode, Inject, NotFoundException, Post, Req } from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import { isClickId } from '@threadtrak/links';
import Stripe from 'stripe';
import { saveWhenTransfersActive } from '../me/stripe-onboarding';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';

const TOLERANCE_SECONDS = 300;

/**
 * Stripe's events, verified with `stripe.webhooks.constructEvent` (5-minute tolerance). The order id is the
 * PaymentIntent id, which checkout sessions, charges and disputes all name, so events can arrive in any order.
 */
@Controller('v1/webhooks')
export class StripeWebhookController {
  private readonly stripe: Stripe | null;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    const { secretKey, webhookSecret } = runtime.config.stripe;
    this.stripe = webhookSecret ? new Stripe(secretKey ?? 'sk_test_webhook_only') : null;
  }

  @Post('stripe')
  @HttpCode(200)
  async receive(@Req() request: { rawBody?: Buffer; id: string }, @Headers('stripe-signature') signature: string | undefined) {
    if (!this.stripe) throw new NotFoundException({ error: { code: 'not_found', message: 'Stripe webhooks are not configured' } });
    if (!signature || !request.rawBody) throw badInput('missing Stripe-Signature header or body', ['stripe-signature']);
    let event: Stripe.Event;
    try {
      event = this.stripe.webhooks.constructEvent(request.rawBody, signature, this.runtime.config.stripe.webhookSecret!, TOLERANCE_SECONDS);
    } catch (error) {
      throw badInput(`Stripe signature check failed: ${(error as Error).message}`, [{ code: 'invalid_signature' }]);
    }
    const metadata = { actor: 'stripe', correlationId: event.id };
    const at = new Date(event.created * 1000).toISOString();
    switch (event.type) {
      case 'checkout.session.completed': {
        const session = event.data.object;
        const paymentIntent = idOf(session.payment_intent);
        if (session.payment_status !== 'paid' || !paymentIntent) return { received: true, ignored: 'not paid' };
        const clickId = session.client_reference_id ?? undefined;
        const { answer } = await this.runtime.recordOrder.execute(
          {
            orderId: paymentIntent,
            paidAt: at,
            currency: (session.currency ?? '').toUpperCase(),
            lines: [{ productId: session.metadata?.productId ?? 'unknown', quantity: 1, amountCents: session.amount_total ?? 0 }],
            ...(clickId && isClickId(clickId) ? { clickId } : {}),
            ...(session.customer_details?.email ? { customerEmail: session.customer_details.email } : {}),
          },
          'stripe',
          metadata,
        );
        return { received: true, order: answer };
      }
      case 'charge.refunded': {
        const charge = event.data.object;
        const paymentIntent = idOf(charge.payment_intent);
        if (!paymentIntent) return { received: true, ignored: 'no payment intent' };
        await this.runtime.recordRefund.stripeRefund(
          { orderId: paymentIntent, chargeId: charge.id, cumulativeCents: charge.amount_refunded, refundedAt: at },
          metadata,
        );
        return { received: true };
      }
      case 'charge.dispute.closed': {
        const dispute = event.data.object;
        const paymentIntent = idOf(dispute.payment_intent);
        if (!paymentIntent || (dispute.status !== 'won' && dispute.status !== 'lost')) return { received: true, ignored: dispute.status };
        await this.runtime.recordRefund.dispute(
          { orderId: paymentIntent, disputeId: dispute.id, status: dispute.status as 'won' | 'lost', amountCents: dispute.amount, closedAt: at },
          metadata,
        );
        return { received: true };
      }
      case 'account.updated':
        return { received: true, account: await saveWhenTransfersActive(this.runtime, event.data.object) };
      default:
        return { received: true, ignored: event.type };
    }
  }
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : value?.id ?? null;
