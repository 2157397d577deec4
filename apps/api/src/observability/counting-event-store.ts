import type {
  AppendResult,
  Checkpoint,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '@threadtrak/event-store';
import type { Counter } from 'prom-client';

/** `sqlite`, `postgres` or `esdb`: the store label of the append counter. */
export const storeKind = (eventStoreUrl: string): string => {
  const scheme = /^([a-z+]+):/i.exec(eventStoreUrl)?.[1]?.toLowerCase() ?? 'unknown';
  if (scheme.startsWith('postgres')) return 'postgres';
  if (scheme.startsWith('esdb') || scheme.startsWith('kurrentdb')) return 'esdb';
  return scheme;
};

/** The event store, counting the events appended through it; everything else passes straight through. */
export class CountingEventStore implements EventStore {
  private readonly appended: ReturnType<Counter<'store'>['labels']>;

  constructor(
    private readonly store: EventStore,
    counter: Counter<'store'>,
    kind: string,
  ) {
    this.appended = counter.labels({ store: kind });
    this.appended.inc(0);
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const result = await this.store.appendToStream(streamName, events, options);
    this.appended.inc(events.length);
    return result;
  }

  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    return this.store.readStream(streamName, options);
  }

  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    return this.store.readAll(options);
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    return this.store.subscribeToAll(handler, options);
  }

  readEvent(eventId: string): Promise<RecordedEvent | null> {
    return this.store.readEvent(eventId);
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  close(): Promise<void> {
    return this.store.close();
  }

  readCheckpoint(consumer: string): Promise<Checkpoint | null> {
    return this.store.readCheckpoint(consumer);
  }

  writeCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void> {
    return this.store.writeCheckpoint(consumer, checkpoint);
  }

  eventAtPosition(position: number): Promise<RecordedEvent | null> {
    return this.store.eventAtPosition(position);
  }
}
