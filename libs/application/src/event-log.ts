import {
  eventId,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
} from '@threadtrak/event-store';
import type { LedgerEvent } from '@threadtrak/ledger';

interface Loaded<State> {
  state: State;
  /** Revision of the stream's last event, or `no_stream`. */
  revision: number | 'no_stream';
}

/** An event to append, with the cause its id is derived from. */
export interface Pending {
  event: LedgerEvent;
  /** Unique per cause: the same cause can never be appended twice. */
  cause: string;
}

/** The write side's view of the event store: load a stream into state, append decided events (see handleCommand). */
export class EventLog {
  constructor(readonly store: EventStore) {}

  async load<State, Event extends LedgerEvent>(
    streamName: string,
    initial: State,
    evolve: (state: State, event: Event) => State,
  ): Promise<Loaded<State>> {
    let state = initial;
    let revision: number | 'no_stream' = 'no_stream';
    for await (const recorded of this.store.readStream(streamName)) {
      state = evolve(state, { type: recorded.type, data: recorded.data } as Event);
      revision = recorded.revision;
    }
    return { state, revision };
  }

  async append(
    streamName: string,
    pending: Pending[],
    expected: ExpectedRevision,
    metadata: EventMetadata,
  ) {
    return this.store.appendToStream(
      streamName,
      pending.map(({ event, cause }) => ({
        id: eventId(event.type, cause),
        type: event.type,
        data: event.data,
        metadata,
      })),
      { expectedRevision: expected },
    );
  }
}
