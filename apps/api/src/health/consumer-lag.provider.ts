import type { Provider } from '@nestjs/common';
import { ConsumerLag } from '@threadtrak/application';
import type { EventStore } from '@threadtrak/event-store';
import type { ReadModelStore } from '@threadtrak/read-models';
import { EVENT_STORE, READ_MODELS } from '@threadtrak/wiring';

/** The consumers' lag from the checkpoints and read-model positions they stored: `/readyz` and `/metrics`. */
export const consumerLagProvider: Provider = {
  provide: ConsumerLag,
  useFactory: (store: EventStore, readModels: ReadModelStore) => new ConsumerLag(store, readModels),
  inject: [EVENT_STORE, READ_MODELS],
};
