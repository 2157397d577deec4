import { Inject } from '@nestjs/common';
import type { Checkpoint, EventStore } from '@threadtrak/event-store';
import { ProjectionsConsumer, type ReadModelStore } from '@threadtrak/read-models';
import { EVENT_STORE, READ_MODELS } from '@threadtrak/wiring';
import { ConsumesLog, type LogBatch, type LogEventsHandler } from '../processing/consumes-log';

/**
 * Every read model, from one reading of the log (ProjectionsConsumer). Each read model's own position in
 * the read-model store guards it against a batch handed twice; a rebuild resets them there, from any
 * process, and this consumer replays them from 0 when it notices.
 */
@ConsumesLog('projections')
export class ProjectionsHandler implements LogEventsHandler {
  private readonly projections: ProjectionsConsumer;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(READ_MODELS) readModels: ReadModelStore,
  ) {
    this.projections = new ProjectionsConsumer({
      eventStore: store,
      store: readModels,
      onError: (name, error) => console.error(`projection ${name}:`, error),
      log: (line) => console.warn(line),
    });
  }

  start(from: Checkpoint): Promise<Checkpoint | void> {
    return this.projections.start(from);
  }

  handle({ events }: LogBatch): Promise<void> {
    return this.projections.handle(events);
  }
}
