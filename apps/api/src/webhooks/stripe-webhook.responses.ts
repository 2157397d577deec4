import { error, validationFailed, type AreaDocs } from '../http/api-docs';
import type { StripeWebhookController } from './stripe-webhook.controller';

export const STRIPE_WEBHOOK_DOCS: AreaDocs<StripeWebhookController> = {
  errors: [],
  routes: {
    receive: {
      summary: 'Stripe’s webhook endpoint',
      description:
        'Stripe events (Stripe-Signature checked, 5-minute tolerance): `checkout.session.completed` (payment: an order of all the line items; subscription: binds the subscription), `invoice.paid` (an order per paid subscription invoice), `charge.refunded`, `charge.dispute.closed`. Extension: tax and shipping are recorded as lines `charge:tax` and `charge:shipping` that never earn; unmatched lines as `stripe:{priceId}`; the answer names the order or subscription; an order breaking the order rules (over 500 lines, paid more than 5 minutes ahead) or any other business rule is acknowledged `200 {received: true, refused: {code, message}}` and records nothing, so Stripe does not retry it; our own failures stay 5xx/409 and Stripe retries them.',
      headers: { 'Stripe-Signature': 'Stripe’s signature of the raw body.' },
      ok: {
        description: 'Received (and recorded, or refused by a business rule and not recorded).',
        example: { received: true, orderId: 'pi_3QxYzAbCdEfGh012' },
      },
      errors: [
        validationFailed('stripe-signature', 'Stripe signature check failed'),
        error(404, 'not_found', 'Stripe webhooks are not configured'),
        error(409, 'concurrent_change', 'somebody else changed this at the same time; try again'),
      ],
    },
  },
};
