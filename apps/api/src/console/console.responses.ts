import { error, orNull, validationFailed, type AreaDocs } from '../http/api-docs';
import { ADMIN_ERRORS } from '../admin/admin.responses';
import type { ConsoleReadsController } from './console-reads.controller';
import type { ConsoleSessionController } from './console.controller';

const SESSION = {
  csrfToken: 'yAR37vYZz43IFOg_E2n4NTLB6l5I8bxF',
  expiresAt: '2026-01-11T00:00:00.000Z',
};
const RULES = {
  currency: 'USD',
  cookieWindowDays: 30,
  attributionModel: 'last_click',
  holdDays: 0,
  minPayoutCents: 100,
  defaultRateBps: 1000,
  autoApproveBelowCents: 0,
  recurringPayments: orNull(1),
};

export const CONSOLE_SESSION_DOCS: AreaDocs<ConsoleSessionController> = {
  errors: [],
  routes: {
    login: {
      summary: 'Open a console session with the admin token',
      description:
        'Extension: `{token}` → `{csrfToken, expiresAt}` and the `tt_console` cookie (HttpOnly, SameSite=Strict, 12 hours). Limited to 10 attempts per IP in 15 minutes.',
      ok: { description: 'Logged in; the `tt_console` cookie is set.', example: SESSION },
      errors: [
        validationFailed('token', 'Enter the admin token.'),
        error(401, 'unauthorized', 'missing or invalid credentials'),
        error(429, 'too_many_requests', 'Too many login attempts. Try again in 15 minutes.'),
      ],
    },
    logout: {
      summary: 'End the console session',
      description: 'Extension: a write, so the CSRF header is needed while the session is open.',
      ok: { status: 204, description: 'Logged out; the cookie is cleared.' },
      errors: [
        error(
          403,
          'csrf_token_invalid',
          'this change needs the X-CSRF-Token header of your session; reload the page and try again',
        ),
      ],
    },
    session: {
      summary: 'The console session behind the cookie',
      description: 'Extension: `{csrfToken, expiresAt}`, read by the console when it loads.',
      ok: { description: 'The session.', example: SESSION },
      errors: [error(401, 'unauthorized', 'not logged in')],
    },
  },
};

export const CONSOLE_READS_DOCS: AreaDocs<ConsoleReadsController> = {
  errors: ADMIN_ERRORS,
  routes: {
    rulesHistory: {
      summary: 'Every version of the program rules, newest first',
      description:
        'Extension: `[{version, rules, changedAt, actor, changed: [{field, before, after}]}]`, read from the log.',
      ok: {
        description: 'The versions, newest first.',
        example: [
          {
            version: 2,
            rules: RULES,
            changedAt: '2026-01-10T12:00:00.000Z',
            actor: 'admin',
            changed: [{ field: 'holdDays', before: 30, after: 0 }],
          },
        ],
      },
    },
    reattributions: {
      summary: 'The applied re-attributions, newest first',
      description:
        'Extension: each applied re-attribution as its record in the log says: the range, the rules it re-decided under, orders examined and moved, the change per affiliate, when and who (`admin:console` from the console, `admin` with the token).',
      ok: {
        description: 'The applied re-attributions, newest first.',
        example: [
          {
            reattributionId: 'ra_50b66a72ea089ea0',
            from: '2026-06-01T00:00:00.000Z',
            to: '2026-06-03T00:00:00.000Z',
            rules: { ...RULES, attributionModel: 'first_click' },
            rulesVersion: 2,
            ordersExamined: 1,
            ordersMoved: 1,
            deltaByAffiliate: [
              { affiliateId: 'aff_a6b234144f9f301b', deltaCents: 1000 },
              { affiliateId: 'aff_f30e8d2c61b94a77', deltaCents: -1000 },
            ],
            appliedAt: '2026-06-05T10:00:00.000Z',
            actor: 'admin:console',
          },
        ],
      },
    },
    products: {
      summary: 'The catalog, by name',
      description:
        'Extension: every listed product as `PUT /v1/admin/products/{productId}` last set it; the console lists and searches them.',
      ok: {
        description: 'The products.',
        example: {
          products: [
            {
              productId: 'tee-classic',
              name: 'Classic tee',
              url: 'https://shop.example/tee-classic',
              eligible: true,
              rateBps: 1500,
            },
          ],
        },
      },
    },
    affiliateCommissions: {
      summary: 'An affiliate’s commissions, a page at a time',
      description:
        'Extension: what the affiliate sees at `GET /v1/me/commissions`, for the program manager.',
      params: {
        affiliateId: { description: 'The affiliate’s id.', example: 'aff_a6b234144f9f301b' },
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
      errors: [
        validationFailed('limit', 'limit must be a positive integer'),
        error(404, 'not_found', 'no such affiliate'),
      ],
    },
    orderClicks: {
      summary: 'The buyer’s clicks around an order, each with what became of it',
      description:
        'Extension: the clicks of the visitor the order names (by its click, else its visitor id), oldest first, each with a verdict under the rules that decided the order (its rules version, or the overrides of its latest re-attribution): `won`, `considered` (in the window, lost to the winner or to a check), `bot`, `outside_window` (older than the cookie window), `after_payment`. `named` marks the click the order names.',
      params: { orderId: { description: 'The shop’s order id.', example: 'order-10042' } },
      ok: {
        description: 'The timeline of the order’s clicks.',
        example: {
          orderId: 'order-10042',
          visitorId: orNull('BPF1c-xn1KsSE3KEjEkdmw'),
          paidAt: '2026-01-10T12:00:00.000Z',
          cookieWindowDays: 30,
          windowStart: '2025-12-11T12:00:00.000Z',
          clicks: [
            {
              clickId: 'ImoB3p8wj5WCYu1loTrCdDxL',
              affiliateId: 'aff_a6b234144f9f301b',
              occurredAt: '2026-01-10T11:40:00.000Z',
              linkKind: 'canonical',
              campaign: orNull('spring'),
              named: true,
              verdict: 'won',
            },
          ],
        },
      },
      errors: [error(404, 'not_found', 'no such order')],
    },
    payoutReview: {
      summary: 'The payouts waiting for approval, with history and risk hints',
      description:
        "Extension: the `requested` payouts, from one replay of the log. Hints: `new_account` (registered under 30 days before the request), `payout_account_changed` (set under 7 days before), `self_referral` (orders paid with the affiliate's own email), `fast_orders` (median click-to-order under a tenth of the program's).",
      ok: {
        description: 'The approval queue.',
        example: {
          programMedianClickToOrderSeconds: orNull(5400),
          payouts: [
            {
              payoutId: 'po_a6b234144f9f301b_2a4141edcfb1f4f2',
              affiliateId: 'aff_a6b234144f9f301b',
              amountCents: 600,
              currency: 'USD',
              status: 'requested',
              method: 'paypal',
              requestedAt: '2026-01-10T12:00:00.000Z',
              affiliate: {
                name: 'Ann Example',
                refCode: 'ann',
                registeredAt: '2026-01-02T09:00:00.000Z',
                payoutAccountSetAt: '2026-01-09T10:00:00.000Z',
                payoutAccountChanges: 1,
                earnedCents: 750,
                reversedCents: 150,
                paidCents: 0,
                payoutsSent: 0,
                selfReferralOrders: 0,
                medianClickToOrderSeconds: orNull(240),
              },
              hints: [{ code: 'new_account', detail: 'registered 8 days before the request' }],
            },
          ],
        },
      },
    },
    auditCsv: {
      summary: 'The audit as of an instant, as CSV',
      description:
        'Extension: the balances of `GET /v1/admin/audit?at` as CSV, one row per affiliate then `total`, in minor units: what the console\'s "Download CSV" saves.',
      query: {
        at: {
          description: 'An ISO 8601 instant: events recorded at or before it (default: now).',
          example: '2026-01-31T23:59:59Z',
        },
      },
      contentTypes: ['text/csv'],
      ok: {
        description: 'The balances table.',
        schema: { type: 'string' },
        example:
          'affiliateId,earnedCents,reversedCents,pendingCents,dueCents,requestedCents,paidCents\naff_a6b234144f9f301b,750,150,0,600,0,0\ntotal,750,150,0,600,0,0\n',
      },
      errors: [validationFailed('at', 'must be an ISO 8601 instant with a time zone')],
    },
    statement: {
      summary:
        'The month-end statement: per affiliate, carried in, earned, reversed, paid, carried over',
      description:
        "Extension: two replays of the log, as of the month's start and end (UTC, recording time as `GET /v1/admin/audit`). Per affiliate: `carriedInCents` (owed at the start: pending + due + requested), `earnedCents`, `reversedCents` (net of restorations) and `paidCents` in the month, `carriedOverCents` (owed at the end) = carried in + earned − reversed − paid. `from.through` and `to.through` name the exact log prefixes replayed, so anyone replaying the same log reproduces each line.",
      params: { month: { description: 'The month, `YYYY-MM` (UTC).', example: '2026-01' } },
      query: {
        affiliateId: {
          description: 'Keep one affiliate.',
          example: 'aff_a6b234144f9f301b',
          pattern: '^aff_[A-Za-z0-9_-]{1,64}$',
        },
      },
      ok: {
        description: 'The statement.',
        example: {
          month: '2026-01',
          from: {
            at: '2025-12-31T23:59:59.999Z',
            through: { position: 4, hash: orNull('9f1c…') },
          },
          to: {
            at: '2026-01-31T23:59:59.999Z',
            through: {
              position: 22,
              hash: orNull('425f25b212c80cd2ec47603449816bff3e8187b3268bef9b2413904263d61199'),
            },
          },
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
          chain: {
            ok: orNull(true),
            headHash: orNull('425f25b212c80cd2ec47603449816bff3e8187b3268bef9b2413904263d61199'),
            headPosition: 22,
            events: 22,
          },
          invariantsOk: true,
        },
      },
      errors: [
        validationFailed('month', 'month must be YYYY-MM'),
        validationFailed('affiliateId', 'affiliateId must be an affiliate id (aff_…)'),
      ],
    },
  },
};
