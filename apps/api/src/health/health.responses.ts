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
      description: 'Extension: `payoutsNeedingAttention` beside the projection lag.',
      ok: {
        description: 'Ready: the event store answers; lag in events per projection.',
        example: {
          status: 'ready',
          eventStore: 'ok',
          headPosition: 35,
          projections: { balances: 0, commissions: 0, payouts: 0 },
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
