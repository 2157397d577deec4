import type {
  EventStore,
  EventToAppend,
  RecordedEvent,
  Subscription,
  SubscriptionHandler,
} from '@threadtrak/event-store';

/** Just enough of the event store port for the projections' specs: one log, read or followed. */
export class FakeEventStore implements Pick<
  EventStore,
  'subscribeToAll' | 'headPosition' | 'eventAtPosition' | 'readAll'
> {
  readonly log: RecordedEvent[] = [];
  private waiters: (() => void)[] = [];

  append(events: Pick<EventToAppend, 'type' | 'data'>[], streamName = 'test'): number {
    for (const event of events)
      this.log.push({
        id: `e${this.log.length + 1}`,
        type: event.type,
        data: event.data,
        metadata: {},
        streamName,
        revision: 0,
        position: this.log.length + 1,
        recordedAt: new Date(0),
      });
    this.waiters.splice(0).forEach((wake) => wake());
    return this.log.length;
  }

  async headPosition(): Promise<number> {
    return this.log.length;
  }

  async eventAtPosition(position: number): Promise<RecordedEvent | null> {
    return this.log[position - 1] ?? null;
  }

  async *readAll({ after = 0 } = {}): AsyncIterable<RecordedEvent> {
    for (let position = after; position < this.log.length; position++) yield this.log[position]!;
  }

  subscribeToAll(handler: SubscriptionHandler, { after = 0, batchSize = 500 } = {}): Subscription {
    let stopped = false;
    let wake = () => {};
    const run = async () => {
      let position = after;
      while (!stopped) {
        const batch = this.log.slice(position, position + batchSize);
        if (batch.length) {
          await handler(batch);
          position = batch[batch.length - 1].position;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
          this.waiters.push(resolve);
        });
      }
    };
    const done = run();
    done.catch(() => undefined);
    return {
      done,
      stop: async () => {
        stopped = true;
        wake();
        await done.catch(() => undefined);
      },
    };
  }
}
