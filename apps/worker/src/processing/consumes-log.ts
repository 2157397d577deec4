import { applyDecorators, SetMetadata } from '@nestjs/common';
import { EventsHandler, type IEvent, type IEventHandler } from '@nestjs/cqrs';
import type { Checkpoint, RecordedEvent } from '@threadtrak/event-store';

/** A batch of events read from the log, in order, as the processor hands it to a consumer. */
export class LogBatch implements IEvent {
  constructor(readonly events: readonly RecordedEvent[]) {}
}

/**
 * An `@EventsHandler` of the log's batches, run by a LogProcessor (see LogConsumer for the contract):
 * `handle` is awaited and must throw when it did not finish; the optional hooks are the LogConsumer's.
 */
export interface LogEventsHandler extends IEventHandler<LogBatch> {
  handle(batch: LogBatch): Promise<void>;
  start?(from: Checkpoint): Promise<Checkpoint | void>;
  checkpoint?(handled: Checkpoint): Checkpoint;
  stop?(): Promise<void>;
}

/** Where ConsumesLog keeps the consumer's name (its checkpoint's and its lease's). */
export const LOG_CONSUMER = 'threadtrak:log-consumer';

/**
 * Marks a provider as a log consumer: an `@EventsHandler(LogBatch)` that the LogProcessorHost discovers
 * by this metadata and runs from the log under the lease `name`. Nothing publishes LogBatch on the
 * EventBus: its publish neither awaits a handler nor reports its error (nestjs/cqrs #215, #156); the
 * processor awaits `handle` and moves the checkpoint only after it succeeded.
 */
export const ConsumesLog = (name: string): ClassDecorator =>
  applyDecorators(EventsHandler(LogBatch), SetMetadata(LOG_CONSUMER, name));
