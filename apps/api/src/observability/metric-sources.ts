import type { Provider } from '@nestjs/common';
import {
  webhookSecretBox,
  WebhookEndpoints,
  ConsumerLag,
  LeaseHolders,
  type AppConfig,
  type Clock,
} from '@threadtrak/application';
import type { EventStore } from '@threadtrak/event-store';
import { PAYOUT_STATUSES, payoutKeys, type ReadModelReader } from '@threadtrak/read-models';
import { APP_CONFIG, CLOCK, EVENT_STORE, READ_MODELS } from '@threadtrak/wiring';
import type { MetricSources } from './metrics';

/** Counting stops here per status: a scrape stays cheap however long the program has run. */
const MAX_COUNTED = 100_000;
const PAGE = 1000;
/** How many recent deliveries of each endpoint are counted (the admin API's list shows the same). */
const RECENT_DELIVERIES = 1000;

const countIndex = async (reader: ReadModelReader, key: string): Promise<number> => {
  let counted = 0;
  let before: string | undefined;
  while (counted < MAX_COUNTED) {
    const members = await reader.indexPage(key, { before, limit: PAGE });
    counted += members.length;
    if (members.length < PAGE) break;
    before = members.at(-1);
  }
  return Math.min(counted, MAX_COUNTED);
};

export const METRIC_SOURCES = Symbol('MetricSources');

export const metricSourcesProvider: Provider = {
  provide: METRIC_SOURCES,
  useFactory: (
    lag: ConsumerLag,
    readModels: ReadModelReader,
    store: EventStore,
    config: AppConfig,
    clock: Clock,
    leases: LeaseHolders,
  ): MetricSources => {
    const webhooks = new WebhookEndpoints(store, webhookSecretBox(config), clock);
    return {
      consumerLag: () => lag.byConsumer(),
      leaseHolders: () => leases.read(),
      async payoutsByStatus() {
        const counts: Record<string, number> = {};
        for (const status of PAYOUT_STATUSES)
          counts[status] = await countIndex(readModels, payoutKeys.byStatus(status));
        return counts;
      },
      async webhookDeliveriesByStatus() {
        const counts: Record<string, number> = { pending: 0, delivered: 0, failed: 0 };
        for (const endpoint of await webhooks.list())
          for (const delivery of await webhooks.deliveries(endpoint.webhookId, RECENT_DELIVERIES))
            counts[delivery.status] = (counts[delivery.status] ?? 0) + 1;
        return counts;
      },
    };
  },
  inject: [ConsumerLag, READ_MODELS, EVENT_STORE, APP_CONFIG, CLOCK, LeaseHolders],
};
