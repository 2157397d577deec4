import {
  error,
  orNull,
  NOT_THESE_CREDENTIALS,
  SUSPENDED,
  UNAUTHORIZED,
  validationFailed,
  type AreaDocs,
} from '../http/api-docs';
import type { MeController } from './me.controller';
import type { ProgramController } from './program.controller';

const AFFILIATE_ID = 'aff_a6b234144f9f301b';
const PAYOUT_ID = 'po_a6b234144f9f301b_2a4141edcfb1f4f2';
const CAMPAIGN = {
  description: 'Campaign tag (`[a-z0-9-]{1,64}`).',
  pattern: '^[a-z0-9-]{1,64}$',
  example: 'spring',
};
const DAY = (what: string) => ({
  description: `${what} UTC day, \`YYYY-MM-DD\` (default: the last 30 days).`,
  example: what === 'First' ? '2026-01-01' : '2026-01-10',
});
const LINKS_EXAMPLE = {
  canonical: 'https://links.example/r/ann?c=spring',
  product: 'https://links.example/r/ann/p/tee-classic?c=spring',
  purchase: 'https://links.example/r/ann/buy/tee-classic?c=spring',
};
const TOTALS = {
  clicks: 1,
  uniqueClicks: 1,
  sales: 1,
  revenueCents: 5000,
  commissionCents: 750,
};
export const DASHBOARD_EXAMPLE = {
  currency: 'USD',
  totals: { ...TOTALS, conversionRate: 1, refunds: 1, throttled: 0 },
  balance: { pendingCents: 0, dueCents: 600, requestedCents: 0, paidCents: 0, reversedCents: 150 },
  byDay: [{ date: '2026-01-10', ...TOTALS }],
  byCampaign: [{ campaign: 'spring', ...TOTALS }],
  byLinkType: [{ linkType: 'canonical', ...TOTALS }],
};
const PAYOUT = {
  payoutId: PAYOUT_ID,
  affiliateId: AFFILIATE_ID,
  amountCents: 600,
  currency: 'USD',
  status: 'requested',
  method: 'paypal',
  requestedAt: '2026-01-10T12:00:00.000Z',
};

export const ME_DOCS: AreaDocs<MeController> = {
  errors: [UNAUTHORIZED, NOT_THESE_CREDENTIALS, SUSPENDED],
  routes: {
    me: {
      summary: 'The affiliate behind the key or session',
      ok: {
        description: 'The profile; payout account details masked.',
        example: {
          affiliateId: AFFILIATE_ID,
          name: 'Ann Example',
          refCode: 'ann',
          productScope: 'all',
          rateBps: orNull(1200),
          payoutAccount: { method: 'paypal', email: 'a***@example.org' },
          promoCodes: ['ANN10'],
        },
      },
    },
    setPayoutAccount: {
      summary: 'Set where payouts go',
      description:
        '`{method: "paypal", email}` or `{method: "stripe_connect", accountId}`; `stripe_connect` without an account id creates an Express account and answers its onboarding link.',
      ok: {
        description: 'The account as saved (masked), or the Stripe onboarding link.',
        example: { payoutAccount: { method: 'paypal', email: 'a***@example.org' } },
      },
      errors: [validationFailed('email', 'email must be an email')],
    },
    links: {
      summary: 'The affiliate’s link URLs',
      ok: {
        description: 'Canonical link, and product links when a product is named.',
        example: LINKS_EXAMPLE,
      },
      query: {
        productId: {
          description: 'A product for the deep and purchase links.',
          example: 'tee-classic',
        },
        campaign: CAMPAIGN,
      },
      errors: [validationFailed('campaign', 'campaign must be 1 to 64 of a-z 0-9 -')],
    },
    qr: {
      summary: 'A QR code of one link',
      description: 'The image decodes back to the link URL, also given in the `X-Link-Url` header.',
      contentTypes: ['image/png', 'image/svg+xml'],
      ok: {
        description: 'The image (4-module quiet zone).',
        schema: { type: 'string', format: 'binary' },
      },
      query: {
        type: {
          description: 'Which link.',
          enum: ['canonical', 'product', 'purchase'],
          example: 'canonical',
        },
        productId: {
          description: 'The product, for `product` and `purchase`.',
          example: 'tee-classic',
        },
        campaign: CAMPAIGN,
        format: {
          description: 'Image format (default png).',
          enum: ['png', 'svg'],
          example: 'svg',
        },
        size: { description: 'Width in pixels (default 512).', type: 'integer', example: 512 },
        ecc: {
          description: 'Error correction (default M).',
          enum: ['L', 'M', 'Q', 'H'],
          example: 'M',
        },
      },
      errors: [
        error(
          400,
          'validation_failed',
          'size 64 is too small for this link: at least 148 px are needed',
        ),
      ],
    },
    issueApiKey: {
      summary: 'Issue another API key',
      description:
        '`201 {keyId, apiKey, createdAt}`: a new key; the others keep working. The key is shown only here.',
      ok: {
        status: 201,
        description: 'The new key, shown once.',
        example: {
          keyId: 'key_3bf9303afff89388',
          apiKey: 'ttk_aff_a6b234144f9f301b_QbcLubkn1oXG5VUQLsi7T60X7_gg0MTh',
          createdAt: '2026-01-10T12:00:00.000Z',
        },
      },
      errors: [error(422, 'too_many_api_keys', 'at most 20 keys work at once; revoke one first')],
    },
    apiKeys: {
      summary: 'The working API keys',
      description: '`[{keyId, createdAt}]`: the working keys, never a secret.',
      ok: {
        description: 'The keys that work, oldest first.',
        example: [{ keyId: 'key_3bf9303afff89388', createdAt: '2026-01-10T12:00:00.000Z' }],
      },
    },
    revokeApiKey: {
      summary: 'Revoke an API key',
      description:
        '`204`: the key stops working at once (the key in use may be revoked); unknown or revoked → 404 `api_key_not_found`.',
      ok: { status: 204, description: 'Revoked.' },
      params: {
        keyId: { description: 'The key’s id (not the key).', example: 'key_3bf9303afff89388' },
      },
      errors: [error(404, 'api_key_not_found', 'no working key key_3bf9303afff89388')],
    },
    requestPayout: {
      summary: 'Request a payout of the due balance',
      description:
        'A payout account whose method has no configured provider → 422 `payout_method_unavailable`.',
      headers: { 'Idempotency-Key': 'The same key again answers the same payout.' },
      ok: {
        status: 201,
        description: 'The payout, requested.',
        example: { payoutId: PAYOUT_ID, amountCents: 600, currency: 'USD', status: 'requested' },
      },
      errors: [
        error(422, 'below_minimum', 'the due balance of 60 cents is below the minimum of 5000'),
        error(422, 'no_payout_account', 'set a payout account first'),
        error(422, 'nothing_due', 'the due balance is 0 cents'),
        error(422, 'payout_open', `payout ${PAYOUT_ID} is still open`),
        error(
          422,
          'payout_method_unavailable',
          'payouts by paypal are not available here; choose another payout account method',
        ),
      ],
    },
    payouts: {
      summary: 'The affiliate’s payouts',
      ok: { description: 'Every payout, newest first.', example: [PAYOUT] },
    },
    statement: {
      summary: 'My line of the month-end statement',
      description:
        "Extension: the console's month-end statement (`GET /v1/console/statements/{month}`) for the caller alone: carried in, earned, reversed, paid and carried over in `YYYY-MM` (UTC), from the same two replays of the log, with the positions and hashes they went through (`from.through`, `to.through`) so the line can be checked against finance's copy.",
      params: { month: { description: 'The month, `YYYY-MM` (UTC).', example: '2026-01' } },
      ok: {
        description: 'The statement, with one line (none when nothing moved).',
        example: {
          month: '2026-01',
          from: { at: '2025-12-31T23:59:59.999Z', through: { position: 4, hash: orNull('9f1c') } },
          to: { at: '2026-01-31T23:59:59.999Z', through: { position: 22, hash: orNull('425f') } },
          lines: [
            {
              affiliateId: 'aff_a6b234144f9f301b',
              carriedInCents: 0,
              earnedCents: 750,
              reversedCents: 150,
              paidCents: 0,
              carriedOverCents: 600,
            },
          ],
          totals: {
            carriedInCents: 0,
            earnedCents: 750,
            reversedCents: 150,
            paidCents: 0,
            carriedOverCents: 600,
          },
          chain: { ok: orNull(true), headHash: orNull('425f'), headPosition: 22, events: 22 },
          invariantsOk: true,
        },
      },
      errors: [validationFailed('month', 'month must be YYYY-MM')],
    },
    dashboard: {
      summary: 'Clicks, sales and balances',
      description: 'A unique click: one per visitor per link per UTC day.',
      ok: {
        description: 'Totals, balance and breakdowns of the range.',
        example: DASHBOARD_EXAMPLE,
      },
      query: { from: DAY('First'), to: DAY('Last'), campaign: CAMPAIGN },
      errors: [validationFailed('from', 'from must be a UTC day YYYY-MM-DD')],
    },
    commissions: {
      summary: 'The affiliate’s commissions, a page at a time',
      ok: {
        description: 'A page of commissions; `nextCursor` asks for the next (null: the last page).',
        example: {
          items: [
            {
              commissionId: 'order-10042',
              orderId: 'order-10042',
              amountCents: 600,
              currency: 'USD',
              status: 'due',
              earnedAt: '2026-01-10T12:00:00.000Z',
              dueAt: '2026-01-10T12:00:00.000Z',
              reversals: [{ reason: 'refund', amountCents: 150 }],
            },
          ],
          nextCursor: orNull('b3JkZXItMTAwNDI'),
        },
      },
      query: {
        status: {
          description: 'Only these.',
          enum: ['pending', 'due', 'paid', 'reversed'],
          example: 'due',
        },
        limit: { description: 'Page size.', type: 'integer', example: 50 },
        cursor: {
          description: 'The `nextCursor` of the previous page.',
          example: 'b3JkZXItMTAwNDI',
        },
      },
      errors: [validationFailed('limit', 'limit must be a positive integer')],
    },
  },
};

export const PROGRAM_DOCS: AreaDocs<ProgramController> = {
  errors: ME_DOCS.errors,
  routes: {
    program: {
      summary: 'The program rules and the products the affiliate earns on',
      description:
        'Extension: the program rules in force for this affiliate and the eligible products in their scope, with the rate each earns (the portal’s Help page and product picker).',
      ok: {
        description: 'Rules and products in scope, each with its rate.',
        example: {
          version: 1,
          currency: 'USD',
          cookieWindowDays: 30,
          attributionModel: 'last_click',
          holdDays: 30,
          minPayoutCents: 5000,
          rateBps: 1000,
          products: [
            {
              productId: 'tee-classic',
              name: 'Classic tee',
              url: 'https://shop.example/p/tee-classic',
              rateBps: 1500,
            },
          ],
        },
      },
    },
  },
};
