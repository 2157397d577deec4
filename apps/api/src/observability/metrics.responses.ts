import { error, type AreaDocs } from '../http/api-docs';
import type { MetricsController } from './metrics.controller';

export const METRICS_DOCS: AreaDocs<MetricsController> = {
  errors: [],
  routes: {
    scrape: {
      summary: 'Prometheus metrics',
      description:
        'Requests and latencies by route template, events appended by store kind, lag per log consumer, payouts by status, webhook deliveries by status. Admin token, METRICS_TOKEN, or (an extension) a console session.',
      contentTypes: ['text/plain'],
      ok: {
        description: 'Prometheus text exposition format 0.0.4',
        schema: { type: 'string' },
        example: 'threadtrak_consumer_lag_events{consumer="payouts"} 0\n',
      },
      errors: [error(401, 'unauthorized', 'missing or invalid credentials')],
    },
  },
};
