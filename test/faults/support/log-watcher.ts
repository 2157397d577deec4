import type { EventStore, RecordedEvent } from '@threadtrak/event-store';

/** Follows the log from where it last looked: cheap enough to poll every few milliseconds. */
export class LogWatcher {
  private position = 0;
  private readonly counts = new Map<string, number>();
  readonly events: RecordedEvent[] = [];

  constructor(private readonly store: EventStore) {}

  async count(type: string): Promise<number> {
    await this.catchUp();
    return this.counts.get(type) ?? 0;
  }

  async catchUp(): Promise<RecordedEvent[]> {
    for await (const event of this.store.readAll({ after: this.position })) {
      this.position = event.position;
      this.counts.set(event.type, (this.counts.get(event.type) ?? 0) + 1);
      this.events.push(event);
    }
    return this.events;
  }
}
