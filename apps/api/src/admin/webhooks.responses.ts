import { error, orNull, validationFailed, type AreaDocs } from '../http/api-docs';
import { ADMIN_ERRORS } from './admin.responses';
import type { WebhooksController } from './webhooks.controller';

const WEBHOOK_ID = 'we_37fa5b3a2d8d19f5';
const DELIVERY_ID = 'whd_8be560eced1eadb8f0f0164e';
const WEBHOOK_PARAM = { webhookId: { description: 'The endpoint’s id.', example: WEBHOOK_ID } };
const NO_WEBHOOK = error(404, 'not_found', 'no such webhook');
const DELIVERY = {
  deliveryId: DELIVERY_ID,
  eventId: 'evt_878e75bef80a51b0bd71ff5c148f1f39',
  type: 'commission.due',
  status: 'pending',
  createdAt: '2026-01-10T12:00:00.000Z',
  attempts: [
    {
      attempt: 1,
      attemptedAt: '2026-01-10T12:00:00.000Z',
      responseStatus: orNull(503),
      error: 'connect ECONNREFUSED 10.0.0.7:443',
      durationMs: 12,
    },
  ],
  nextAttemptAt: '2026-01-10T12:01:00.000Z',
};

export const WEBHOOKS_DOCS: AreaDocs<WebhooksController> = {
  errors: ADMIN_ERRORS,
  routes: {
    register: {
      summary: 'Register an outbound webhook endpoint',
      description:
        'The secret signs every delivery (`ThreadTrak-Signature`); it is shown only here.',
      ok: {
        status: 201,
        description: 'The endpoint’s id and signing secret.',
        example: { webhookId: WEBHOOK_ID, secret: 'whsec_ofIsSvQQpwHAYchguY2uQ8t6ori5BZGT' },
      },
      errors: [validationFailed('events', '"*" stands alone')],
    },
    list: {
      summary: 'The registered webhook endpoints',
      ok: {
        description: 'Every endpoint, without its secret.',
        example: {
          webhooks: [
            {
              webhookId: WEBHOOK_ID,
              url: 'https://shop.example/hooks/threadtrak',
              events: ['*'],
              createdAt: '2026-01-10T12:00:00.000Z',
            },
          ],
        },
      },
    },
    remove: {
      summary: 'Remove a webhook endpoint',
      description: 'Its pending deliveries are dropped.',
      params: WEBHOOK_PARAM,
      ok: { description: 'Removed.', example: { webhookId: WEBHOOK_ID, deleted: true } },
      errors: [NO_WEBHOOK],
    },
    deliveries: {
      summary: 'Recent delivery attempts to an endpoint',
      params: WEBHOOK_PARAM,
      query: {
        limit: {
          description: 'How many, newest first (default 50, at most 200).',
          type: 'integer',
          example: 50,
        },
      },
      ok: {
        description: 'The deliveries with their attempts.',
        example: { deliveries: [DELIVERY] },
      },
      errors: [validationFailed('limit', 'limit must be a positive integer'), NO_WEBHOOK],
    },
    redeliver: {
      summary: 'Queue one more attempt of a delivery',
      description:
        'Extension: queues one more attempt of one delivery, whatever its status (202); the delivery carries the same event id.',
      params: {
        ...WEBHOOK_PARAM,
        deliveryId: { description: 'The delivery’s id.', example: DELIVERY_ID },
      },
      ok: {
        status: 202,
        description: 'Queued: the delivery, due now.',
        example: { ...DELIVERY, nextAttemptAt: '2026-01-10T12:00:00.000Z' },
      },
      errors: [NO_WEBHOOK, error(404, 'not_found', 'no such delivery')],
    },
  },
};
