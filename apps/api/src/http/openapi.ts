import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

type PathItemObject = OpenAPIObject['paths'][string];
type ParameterObject = Exclude<
  NonNullable<NonNullable<PathItemObject['get']>['parameters']>[number],
  { $ref: string }
>;

const redirect = (summary: string, extraParameters: ParameterObject[] = []): PathItemObject => ({
  get: {
    tags: ['Redirects'],
    summary,
    security: [],
    parameters: [
      {
        name: 'refCode',
        in: 'path' as const,
        required: true,
        schema: { type: 'string', pattern: '^[a-z0-9-]{3,32}$' },
      },
      ...extraParameters,
      {
        name: 'c',
        in: 'query' as const,
        required: false,
        description: 'campaign tag',
        schema: { type: 'string', pattern: '^[a-z0-9-]{1,64}$' },
      },
    ],
    responses: {
      '302': {
        description:
          'To the destination with `tt_click={clickId}`, sets `tt_vid`; sent only once ClickRecorded is stored. Unknown or suspended codes and unknown products: to SHOP_BASE_URL, nothing recorded.',
      },
    },
  },
});
const productParameter: ParameterObject = {
  name: 'productId',
  in: 'path',
  required: true,
  schema: { type: 'string' },
};

/** Extensions to shared/API.md, marked so that readers of /docs can tell them from the contract. */
const EXTENSIONS: Record<string, Record<string, string>> = {
  '/v1/admin/payouts/attention': {
    get: 'Extension: payouts the saga keeps open because the provider answer needs an operator (never marked failed), with `code` and `message`: a refused lookup, a refusal after an attempt whose outcome is unknown, a method without a provider, or `affiliate_suspended` (a requested payout left for manual approval). Read from the log (`PayoutAttentionRaised`, through the payouts read model), so an api process without the saga lists the same. Each item: `{payoutId, affiliateId, amountCents, currency, status, attempts, nextAttemptAt (for a payout only an admin moves on: the last attempt), lastError, code, message, since}` and `providerAnswer: {code, message, at}` — the provider’s last answer and when it came. Oldest request first.',
  },
  '/v1/admin/payouts/{payoutId}/cancel': {
    post: 'Extension: `{reason, providerChecked: true}` → `200 {payoutId, status: "cancelled", amountCents}`; an open payout the saga cannot settle goes back to due (`PayoutCancelled`). Check with the provider first: `providerChecked` must be literally `true` (else 400). A payout that is not open → 422 `payout_not_open`.',
  },
  '/v1/me/api-keys': {
    post: '`201 {keyId, apiKey, createdAt}`: a new key; the others keep working. The key is shown only here.',
    get: '`[{keyId, createdAt}]`: the working keys, never a secret.',
  },
  '/v1/me/api-keys/{keyId}': {
    delete:
      '`204`: the key stops working at once (the key in use may be revoked); unknown or revoked → 404 `api_key_not_found`.',
  },
  '/v1/me/payouts': {
    post: 'A payout account whose method has no configured provider → 422 `payout_method_unavailable`.',
  },
  '/v1/admin/reattributions': {
    post: 'Re-decide orders paid in [from, to) under `rules` (overrides of the current rules). Extension: the answer also carries `dryRun`, `appliedAt`, `rules`, `rulesVersion`.',
  },
  '/v1/orders': {
    post: 'Admin token, or SHOP_TOKEN (extension: a credential for the shop’s server that opens only order routes).',
  },
  '/v1/admin/audit': {
    get: 'Balances as of `at`, replayed from the log, with invariants. Extension: `through` (the last event replayed) and `chain` (the hash chain: head hash to sign, or where it breaks).',
  },
  '/v1/admin/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver': {
    post: 'Extension: queues one more attempt of one delivery, whatever its status (202); the delivery carries the same event id.',
  },
  '/readyz': {
    get: 'Extension: beside `projections` (events each read model is behind the head), `consumers` (the same for each log consumer: ledger posting, payout saga, webhook deliveries…) and `payoutsNeedingAttention` (how many payouts wait for an operator), all read from shared state: the checkpoints in the event store and the read models, so an api process without the worker reports what the worker did.',
  },
  '/v1/webhooks/stripe': {
    post: 'Stripe events (Stripe-Signature checked, 5-minute tolerance): `checkout.session.completed` (payment: an order of all the line items; subscription: binds the subscription), `invoice.paid` (an order per paid subscription invoice), `charge.refunded`, `charge.dispute.closed`. Extension: tax and shipping are recorded as lines `charge:tax` and `charge:shipping` that never earn; unmatched lines as `stripe:{priceId}`; the answer names the order or subscription; an order breaking the order rules (over 500 lines, paid more than 5 minutes ahead) or any other business rule is acknowledged `200 {received: true, refused: {code, message}}` and records nothing, so Stripe does not retry it; our own failures stay 5xx/409 and Stripe retries them.',
  },
  '/v1/admin/orders/{orderId}': {
    get: 'The order and its attribution explanation. Extension: `attribution.promoCode` when a promotion code won, `attribution.subscriptionId` and `order.subscription` for invoices, line outcomes `not_commissionable` and `past_recurring_limit`, checks `promo_code`, `subscription`, `recurring_limit`.',
  },
  '/v1/admin/affiliates': { get: 'Extension: each affiliate also lists its `promoCodes`.' },
  '/v1/auth/session': {
    get: 'Extension: the session behind the cookie — `{affiliateId, name, csrfToken, expiresAt}` — read by the portal when it loads; 401 when logged out.',
  },
  '/v1/auth/invite': {
    post: 'Extension: the set-password form of `/portal/invite/{token}` — `{token, password}` (10 to 256 characters) → `{affiliateId}`; the invite works once, for 7 days (`invite_used`, `invite_expired`, `invite_invalid`).',
  },
  '/v1/auth/login': {
    post: '`{email, password}` → `{affiliateId, name, csrfToken, expiresAt}` and the `tt_session` cookie. Limited to 10 attempts per account and 30 per IP in 15 minutes (429 `too_many_requests`). Writes made with the cookie need `X-CSRF-Token: {csrfToken}`.',
  },
  '/v1/me/program': {
    get: 'Extension: the program rules in force for this affiliate and the eligible products in their scope, with the rate each earns (the portal’s Help page and product picker).',
  },
};

/** The OpenAPI document served at /docs: Nest's scan of the controllers, plus the raw redirect routes. */
export const setUpOpenApi = (app: INestApplication): OpenAPIObject => {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('ThreadTrak')
      .setDescription(
        'Event-sourced affiliate commission ledger. The contract is shared/API.md; operations marked "Extension" go beyond it.',
      )
      .setVersion('1')
      .addServer('/', 'The server that answers this document')
      .addBearerAuth()
      .build(),
  );
  document.paths['/r/{refCode}'] = redirect('Canonical link: lands on SHOP_BASE_URL');
  document.paths['/r/{refCode}/p/{productId}'] = redirect(
    'Product deep link: lands on the product page',
    [productParameter],
  );
  document.paths['/r/{refCode}/buy/{productId}'] = redirect(
    'Product purchase link: a Stripe Checkout Session, or the product’s checkoutUrl',
    [productParameter],
  );
  for (const [path, operations] of Object.entries(EXTENSIONS)) {
    for (const [method, description] of Object.entries(operations)) {
      const operation = (
        document.paths[path] as Record<string, { description?: string }> | undefined
      )?.[method];
      if (operation) operation.description = description;
    }
  }
  document.security = [{ bearer: [] }];
  SwaggerModule.setup('docs', app, document);
  return document;
};
