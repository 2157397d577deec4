import type { AreaDocs } from '../http/api-docs';
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
        'Extension: beside `projections` (events each read model is behind the head), `consumers` (the same for each log consumer: ledger posting, payout saga, webhook deliveries) and `payoutsNeedingAttention` (how many payouts wait for an operator), all read from shared state — the checkpoints in the event store and the read models — so an api process without the worker reports what the worker did.',
      ok: {
        description:
          'Ready: the event store answers; lag in events per projection and per consumer.',
        example: {
          status: 'ready',
          eventStore: 'ok',
          headPosition: 35,
          projections: { balances: 0, commissions: 0, payouts: 0 },
          consumers: { 'ledger-posting': 0, 'payout-saga': 0, 'webhook-deliveries': 0 },
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
