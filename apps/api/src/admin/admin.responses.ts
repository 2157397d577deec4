import {
  error,
  NOT_THESE_CREDENTIALS,
  orNull,
  UNAUTHORIZED,
  validationFailed,
  type AreaDocs,
  type ErrorDoc,
  type QueryDoc,
} from '../http/api-docs';
import { DASHBOARD_EXAMPLE } from '../me/me.responses';
import type { AdminPayoutsController } from './admin-payouts.controller';
import type { AffiliatesController } from './affiliates.controller';
import type { AuditController } from './audit.controller';
import type { OrderExplanationsController } from './order-explanations.controller';
import type { ProductsController } from './products.controller';
import type { ReattributionsController } from './reattributions.controller';
import type { RulesController } from './rules.controller';

/** The admin guard: the admin token, or a console session (with its CSRF header on writes). */
export const ADMIN_ERRORS: ErrorDoc[] = [UNAUTHORIZED, NOT_THESE_CREDENTIALS];

const AFFILIATE_ID = 'aff_a6b234144f9f301b';
const PAYOUT_ID = 'po_a6b234144f9f301b_2a4141edcfb1f4f2';
const AFFILIATE_PARAM = {
  affiliateId: { description: 'The affiliate’s id.', example: AFFILIATE_ID },
};
const PAYOUT_PARAM = { payoutId: { description: 'The payout’s id.', example: PAYOUT_ID } };
const NO_AFFILIATE = error(404, 'not_found', 'no such affiliate');
const NO_PAYOUT = error(404, 'payout_not_found', `no payout ${PAYOUT_ID}`);
const RULES = {
  version: 2,
  currency: 'USD',
  cookieWindowDays: 30,
  attributionModel: 'last_click',
  holdDays: 30,
  minPayoutCents: 5000,
  defaultRateBps: 1000,
  autoApproveBelowCents: 0,
  recurringPayments: orNull(1),
};
const AFFILIATE = {
  affiliateId: AFFILIATE_ID,
  name: 'Ann Example',
  email: 'ann@example.org',
  refCode: 'ann',
  productScope: 'all',
  rateBps: orNull(1200),
  status: 'active',
  payoutAccount: orNull({ method: 'paypal', email: 'a***@example.org' }),
  promoCodes: ['ANN10'],
};
const INVITE_URL = `https://links.example/portal/invite/${AFFILIATE_ID}.m-13Gzgsisw9-HIKF6uy8oobgAy7rl1S1OUc`;
const DAY = (what: 'from' | 'to', example: string): QueryDoc => ({
  description: `${what === 'from' ? 'First' : 'Last'} UTC day, \`YYYY-MM-DD\` (default: the last 30 days).`,
  example,
});
const BALANCES = {
  earnedCents: 750,
  reversedCents: 150,
  pendingCents: 0,
  dueCents: 600,
  requestedCents: 0,
  paidCents: 0,
};
const PAYOUT_STATUS_ANSWER = (status: string) => ({
  description: `The payout, ${status}.`,
  example: { payoutId: PAYOUT_ID, status, amountCents: 600 },
});

export const RULES_DOCS: AreaDocs<RulesController> = {
  errors: ADMIN_ERRORS,
  routes: {
    rules: {
      summary: 'The program rules in force',
      ok: { description: 'The current rules and their version.', example: RULES },
    },
    setRules: {
      summary: 'Change the program rules',
      description: 'All fields optional after the first; each change is a new version.',
      ok: { description: 'The rules now in force.', example: RULES },
      errors: [
        validationFailed('holdDays', 'holdDays must not be less than 0'),
        error(
          409,
          'concurrent_change',
          'the rules are at version 2, not 1: read them again and apply your change to them',
        ),
      ],
    },
  },
};

export const PRODUCTS_DOCS: AreaDocs<ProductsController> = {
  errors: ADMIN_ERRORS,
  routes: {
    listProduct: {
      summary: 'Create or change a catalog product',
      params: { productId: { description: 'The shop’s product id.', example: 'tee-classic' } },
      ok: {
        description: 'The product as listed.',
        example: {
          productId: 'tee-classic',
          name: 'Classic tee',
          url: 'https://shop.example/p/tee-classic',
          checkoutUrl: 'https://shop.example/checkout/tee-classic',
          eligible: true,
          rateBps: 1500,
        },
      },
      errors: [validationFailed('url', 'url must be a URL address')],
    },
  },
};

export const AFFILIATES_DOCS: AreaDocs<AffiliatesController> = {
  errors: ADMIN_ERRORS,
  routes: {
    register: {
      summary: 'Register an affiliate',
      description: 'The API key is shown only here; the invite URL works once, for 7 days.',
      ok: {
        status: 201,
        description: 'The affiliate’s id, ref code, API key and invite URL.',
        example: {
          affiliateId: AFFILIATE_ID,
          refCode: 'ann',
          apiKey: 'ttk_aff_a6b234144f9f301b_9fCFDz67KQ9Zzavl71M-k6wp0hX4Kazb',
          inviteUrl: INVITE_URL,
        },
      },
      errors: [
        validationFailed('email', 'email must be an email'),
        error(409, 'ref_code_taken', 'ref code ann is taken'),
      ],
    },
    change: {
      summary: 'Change an affiliate’s scope, rate, status or promotion codes',
      params: AFFILIATE_PARAM,
      ok: { description: 'The affiliate as changed.', example: AFFILIATE },
      errors: [
        validationFailed('status', 'status must be one of the following values: active, suspended'),
        NO_AFFILIATE,
        error(409, 'promo_code_taken', 'promotion code ANN10 belongs to another affiliate'),
      ],
    },
    affiliates: {
      summary: 'Every affiliate',
      description: 'Extension: each affiliate also lists its `promoCodes`.',
      ok: { description: 'The affiliates, in registration order.', example: [AFFILIATE] },
    },
    invite: {
      summary: 'Issue a new invite link',
      ok: {
        status: 201,
        description: 'The new invite URL (one use, 7 days); older ones stop working.',
        example: { inviteUrl: INVITE_URL, expiresAt: '2026-01-17T12:00:00.000Z' },
      },
      params: AFFILIATE_PARAM,
      errors: [NO_AFFILIATE],
    },
  },
};

export const ADMIN_PAYOUTS_DOCS: AreaDocs<AdminPayoutsController> = {
  errors: ADMIN_ERRORS,
  routes: {
    payouts: {
      summary: 'Payouts, by status',
      ok: {
        description: 'A page of payouts; `nextCursor` asks for the next (null: the last page).',
        example: {
          items: [
            {
              payoutId: PAYOUT_ID,
              affiliateId: AFFILIATE_ID,
              amountCents: 600,
              currency: 'USD',
              status: 'requested',
              method: 'paypal',
              requestedAt: '2026-01-10T12:00:00.000Z',
            },
          ],
          nextCursor: orNull('cG9fYTZiMjM0'),
        },
      },
      query: {
        status: {
          description: 'Only these.',
          enum: ['requested', 'approved', 'sent', 'failed', 'rejected', 'cancelled'],
          example: 'requested',
        },
        limit: { description: 'Page size.', type: 'integer', example: 50 },
        cursor: { description: 'The `nextCursor` of the previous page.', example: 'cG9fYTZiMjM0' },
      },
      errors: [validationFailed('status', 'status must be one of requested, approved, …')],
    },
    approve: {
      summary: 'Approve a requested payout',
      params: PAYOUT_PARAM,
      ok: PAYOUT_STATUS_ANSWER('approved'),
      errors: [NO_PAYOUT, error(409, 'payout_not_requested', `payout ${PAYOUT_ID} is approved`)],
    },
    reject: {
      summary: 'Reject a requested payout',
      description: 'The amount goes back to due.',
      params: PAYOUT_PARAM,
      ok: PAYOUT_STATUS_ANSWER('rejected'),
      errors: [
        validationFailed('reason', 'reason must be longer than or equal to 1 characters'),
        NO_PAYOUT,
        error(409, 'payout_not_requested', `payout ${PAYOUT_ID} is approved`),
      ],
    },
    cancel: {
      summary: 'Cancel an open payout the saga cannot settle',
      description:
        'Extension: `{reason, providerChecked: true}` → `200 {payoutId, status: "cancelled", amountCents}`; an open payout the saga cannot settle goes back to due (`PayoutCancelled`). Check with the provider first: `providerChecked` must be literally `true` (else 400). A payout that is not open → 422 `payout_not_open`.',
      params: PAYOUT_PARAM,
      ok: PAYOUT_STATUS_ANSWER('cancelled'),
      errors: [
        validationFailed(
          'providerChecked',
          'providerChecked must be true: check with the provider that nothing was paid first',
        ),
        NO_PAYOUT,
        error(
          422,
          'payout_not_open',
          `payout ${PAYOUT_ID} is sent; only an open payout can be cancelled`,
        ),
      ],
    },
    attention: {
      summary: 'Payouts that need an operator',
      description:
        'Extension: payouts the saga keeps open because the provider answer needs an operator (never marked failed), with `code` and `message`: a refused lookup, a refusal after an attempt whose outcome is unknown, a method without a provider, or `affiliate_suspended` (a requested payout left for manual approval). Read from the log (`PayoutAttentionRaised`, through the payouts read model), so an api process without the saga lists the same. `providerAnswer` (extension) is the provider’s last answer and when it came; `attempts` and `nextAttemptAt` are those of that answer (for a payout only an admin moves on, `nextAttemptAt` is the last attempt). Oldest request first.',
      ok: {
        description: 'The open payouts that need a decision.',
        example: [
          {
            payoutId: PAYOUT_ID,
            affiliateId: AFFILIATE_ID,
            amountCents: 600,
            currency: 'USD',
            status: 'approved',
            attempts: 2,
            nextAttemptAt: '2026-01-10T12:15:00.000Z',
            lastError: `payout ${PAYOUT_ID}: Stripe refused the API key (401)`,
            code: 'provider_auth',
            message: `payout ${PAYOUT_ID}: Stripe refused the API key (401)`,
            since: '2026-01-10T12:00:00.000Z',
            providerAnswer: {
              code: 'provider_auth',
              message: `payout ${PAYOUT_ID}: Stripe refused the API key (401)`,
              at: '2026-01-10T12:00:00.000Z',
            },
          },
        ],
      },
    },
    dashboard: {
      summary: 'Program totals',
      ok: {
        description: 'Totals, balance and breakdowns of the whole program.',
        example: DASHBOARD_EXAMPLE,
      },
      query: {
        from: DAY('from', '2026-01-01'),
        to: DAY('to', '2026-01-10'),
        campaign: { description: 'Campaign tag.', pattern: '^[a-z0-9-]{1,64}$', example: 'spring' },
      },
      errors: [validationFailed('from', 'from must be a UTC day YYYY-MM-DD')],
    },
    rebuild: {
      summary: 'Rebuild the read models from the log',
      description:
        'Drops every read model and records the request in the log; the projections consumer, in ' +
        'whichever process runs it, replays the log from position 0. Answers once the read models ' +
        'have applied the request.',
      ok: {
        description: 'The read models rebuilt and the log position they reached (the request).',
        example: { rebuilt: ['balances', 'commissions', 'payouts'], headPosition: 35 },
      },
      also: [
        {
          status: 503,
          description:
            'rebuild_running: the read models had not applied the request after 60 s (no worker ' +
            'running, or a long log); they go on rebuilding, /readyz shows their lag.',
          example: {
            error: {
              code: 'rebuild_running',
              message:
                'the read models are still being rebuilt after 60 s (is a worker running?); ' +
                '/readyz shows their lag',
            },
          },
        },
      ],
    },
  },
};

export const ORDER_EXPLANATIONS_DOCS: AreaDocs<OrderExplanationsController> = {
  errors: ADMIN_ERRORS,
  routes: {
    order: {
      summary: 'An order and why it was attributed as it was',
      description:
        'The order and its attribution explanation. Extension: `attribution.promoCode` when a promotion code won, `attribution.subscriptionId` and `order.subscription` for invoices, line outcomes `not_commissionable` and `past_recurring_limit`, checks `promo_code`, `subscription`, `recurring_limit`.',
      params: { orderId: { description: 'The shop’s order id.', example: 'order-10042' } },
      ok: {
        description:
          'The order, the clicks considered, the rule version, each check and the commission.',
        example: {
          orderId: 'order-10042',
          status: 'paid',
          order: {
            paidAt: '2026-01-10T12:00:00.000Z',
            currency: 'USD',
            lines: [{ productId: 'tee-classic', quantity: 2, amountCents: 5000 }],
            totalCents: 5000,
            clickId: 'ImoB3p8wj5WCYu1loTrCdDxL',
            visitorId: 'BPF1c-xn1KsSE3KEjEkdmw',
            source: 'api',
          },
          rulesVersion: 1,
          attributed: true,
          attribution: {
            affiliateId: AFFILIATE_ID,
            clickId: 'ImoB3p8wj5WCYu1loTrCdDxL',
            linkKind: 'canonical',
            rulesVersion: 1,
            model: 'last_click',
            lines: [
              {
                productId: 'tee-classic',
                amountCents: 5000,
                rateBps: 1500,
                commissionCents: 750,
                outcome: 'earns',
              },
            ],
            commissionCents: 750,
            dueAt: '2026-02-09T12:00:00.000Z',
          },
          checks: [
            { check: 'window', ok: true, detail: '1 click(s) within 30 day(s) before payment' },
            { check: 'eligibility', ok: true, detail: '1 of 1 line(s) earn commission' },
          ],
          commissionCents: 750,
          commissionId: 'order-10042',
          refunds: [
            {
              orderId: 'order-10042',
              refundId: 'refund-1',
              refundedAt: '2026-01-10T12:00:00.000Z',
              amountCents: 1000,
              source: 'api',
            },
          ],
          disputes: [],
        },
      },
      errors: [error(404, 'not_found', 'no such order')],
    },
  },
};

export const REATTRIBUTIONS_DOCS: AreaDocs<ReattributionsController> = {
  errors: ADMIN_ERRORS,
  routes: {
    reattribute: {
      summary: 'Re-decide the orders of a period under other rules',
      description:
        'Re-decide orders paid in [from, to) under `rules` (overrides of the current rules). Extension: the answer also carries `dryRun`, `appliedAt`, `rules`, `rulesVersion`.',
      ok: {
        description: 'What would change (dry run) or what changed.',
        example: {
          reattributionId: 'ra_876a8edd7335abe6',
          ordersExamined: 1,
          changes: [
            {
              orderId: 'order-10042',
              before: { affiliateId: AFFILIATE_ID, commissionCents: 750 },
              after: { affiliateId: 'aff_0c1d2e3f4a5b6c7d', commissionCents: 500 },
            },
          ],
          deltaByAffiliate: [
            { affiliateId: AFFILIATE_ID, deltaCents: -750 },
            { affiliateId: 'aff_0c1d2e3f4a5b6c7d', deltaCents: 500 },
          ],
          dryRun: true,
          from: '2026-01-01T00:00:00.000Z',
          to: '2026-01-11T00:00:00.000Z',
          rules: { ...RULES, attributionModel: 'first_click' },
          rulesVersion: 1,
        },
      },
      errors: [
        validationFailed('from', 'from must be an ISO 8601 instant with a time zone'),
        error(422, 'invalid_range', 'from (2026-01-11T00:00:00.000Z) must be before to'),
        error(422, 'invalid_rules', 'unknown rule "colour"'),
      ],
    },
  },
};

export const AUDIT_DOCS: AreaDocs<AuditController> = {
  errors: ADMIN_ERRORS,
  routes: {
    audit: {
      summary: 'Balances as of an instant, replayed from the log, with invariants',
      description:
        'Balances as of `at`, replayed from the log, with invariants. Extension: `through` (the last event replayed) and `chain` (the hash chain: head hash to sign, or where it breaks).',
      query: {
        at: {
          description: 'An ISO 8601 instant: events recorded at or before it (default: now).',
          example: '2026-01-31T23:59:59Z',
        },
      },
      ok: {
        description: 'Per affiliate and in total, and each invariant checked.',
        example: {
          at: '2026-01-31T23:59:59.000Z',
          through: {
            position: 22,
            hash: '425f25b212c80cd2ec47603449816bff3e8187b3268bef9b2413904263d61199',
          },
          affiliates: [{ affiliateId: AFFILIATE_ID, ...BALANCES }],
          totals: BALANCES,
          invariants: [
            {
              name: 'balances_add_up',
              ok: true,
              detail: '1 affiliate checked: earned − reversed = pending + due + requested + paid',
            },
          ],
          chain: {
            ok: true,
            headHash: '425f25b212c80cd2ec47603449816bff3e8187b3268bef9b2413904263d61199',
            headPosition: 22,
            events: 22,
          },
        },
      },
      errors: [
        validationFailed(
          'at',
          'at must be an ISO 8601 instant with a time zone, e.g. 2026-01-31T00:00:00Z',
        ),
      ],
    },
  },
};
