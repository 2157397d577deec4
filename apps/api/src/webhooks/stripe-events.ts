import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@threadtrak/application';
import { APP_CONFIG } from '@threadtrak/wiring';
import Stripe from 'stripe';
import { badInput } from '../http/validation';
import { stripeClient } from '@threadtrak/payouts';

const TOLERANCE_SECONDS = 300;

/** The Stripe client of the webhook, present when `STRIPE_WEBHOOK_SECRET` is set. */
@Injectable()
export class StripeEvents {
  readonly client: Stripe | null;
  private readonly secret: string | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    const { secretKey, webhookSecret, apiBase } = config.stripe;
    this.secret = webhookSecret;
    this.client = webhookSecret
      ? stripeClient(secretKey ?? 'sk_test_webhook_only', { apiBase })
      : null;
  }

  /** `stripe.webhooks.constructEvent` with a 5-minute tolerance; a bad signature is a 400. */
  verify(rawBody: Buffer, signature: string): Stripe.Event {
    try {
      return this.client!.webhooks.constructEvent(
        rawBody,
        signature,
        this.secret!,
        TOLERANCE_SECONDS,
      );
    } catch (error) {
      throw badInput(`Stripe signature check failed: ${(error as Error).message}`, [
        { code: 'invalid_signature' },
      ]);
    }
  }
}
