import { orNull, type AreaDocs } from '../http/api-docs';
import type { HealthController } from './health.controller';

export const HEALTH_DOCS: AreaDocs<HealthController> = {
  errors: [],
  routes: {
    healthz: {
      summary: 'The process is up',
      ok: { description: 'Always, while the process runs.', example: { status: 'ok' } },
    },
    readyz: {
      summary: 'The stores are reachable; how far the projections lag',
      description:
        'Extension: beside `projections` (events each read model is behind the head), `consumers` (the same for each log consumer: ledger posting, payout saga, webhook deliveries), `leases` (who holds each log consumer’s lease: `owner` — the holding process as `hostname:pid:random`, or `local:pid` when one process runs everything —, the fencing `token` of its acquisition and `expiresInMs` until it lapses unless renewed, null when it never does; null while nobody holds it; present only for an admin caller — the admin token or a console session — since it names hosts and process ids) and `payoutsNeedingAttention` (how many payouts wait for an operator), all read from shared state — the checkpoints in the event store, the read models and the leases in Redis — so an api process without the worker reports what the worker did and holds.',
      ok: {
        description:
          'Ready: the event store answers; lag in events per projection and per consumer.',
        example: {
          status: 'ready',
          eventStore: 'ok',
          headPosition: 35,
          projections: { balances: 0, commissions: 0, payouts: 0 },
          consumers: { 'ledger-posting': 0, 'payout-saga': 0, 'webhook-deliveries': 0 },
          leases: {
            'ledger-posting': { owner: 'worker-7f9c:41:a1b2c3', token: 12, expiresInMs: 4180 },
            'due-scheduler': { owner: 'worker-7f9c:41:a1b2c3', token: 9, expiresInMs: 4180 },
            projections: { owner: 'worker-2d4e:37:d4e5f6', token: 15, expiresInMs: 3920 },
            'payout-saga': { owner: 'worker-2d4e:37:d4e5f6', token: 11, expiresInMs: 3920 },
            'webhook-deliveries': orNull({
              owner: 'local:41',
              token: 1,
              expiresInMs: orNull(4180),
            }),
          },
          payoutsNeedingAttention: 0,
        },
      },
      also: [
        {
          status: 503,
          description: 'Not ready: the event store does not answer.',
          example: { status: 'unavailable', eventStore: 'connect ECONNREFUSED 127.0.0.1:5432' },
        },
      ],
    },
  },
};
