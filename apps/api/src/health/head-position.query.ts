import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@threadtrak/event-store';
import { EVENT_STORE } from '@threadtrak/wiring';

/** `cli head`: the position of the log's last event. */
export class HeadPositionQuery extends Query<{ headPosition: number }> {}

@QueryHandler(HeadPositionQuery)
export class HeadPositionHandler implements IQueryHandler<HeadPositionQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(): Promise<{ headPosition: number }> {
    return { headPosition: await this.store.headPosition() };
  }
}
