import { ReplayRequestedError, type EventStore, type RecordedEvent } from '@threadtrak/event-store';
import { ProjectionsConsumer, type ProjectionsConsumerOptions } from './projections-consumer';

export interface ReplayOptions extends ProjectionsConsumerOptions {
  eventStore: Pick<EventStore, 'readAll' | 'headPosition' | 'eventAtPosition'>;
  /** Events per atomic unit. Default 2000 (a rebuild's throughput grows with it). */
  batchSize?: number;
  /** After each batch, with the position reached. */
  progress?: (position: number) => void;
}

const MAX_RESTARTS = 20;

/**
 * Brings the read models up to the log's end in this process, each from its own position (0 after a
 * reset): `cli rebuild`, the benchmark, the fault suite's clean rebuild. The same ProjectionsConsumer as
 * the worker's, read with `readAll` until the end instead of a subscription. When another writer moves a
 * read model meanwhile (a worker applying the same batches), it reads the positions again and goes on.
 */
export const replayProjections = async (options: ReplayOptions): Promise<void> => {
  const consumer = new ProjectionsConsumer(options);
  const batchSize = options.batchSize ?? 2000;
  for (let restarts = 0; ; restarts++) {
    try {
      let batch: RecordedEvent[] = [];
      for await (const event of options.eventStore.readAll({ after: await consumer.prepare() })) {
        batch.push(event);
        if (batch.length < batchSize) continue;
        await consumer.handle(batch);
        options.progress?.(event.position);
        batch = [];
      }
      await consumer.handle(batch);
      const last = batch.at(-1);
      if (last) options.progress?.(last.position);
      return;
    } catch (error) {
      if (!(error instanceof ReplayRequestedError) || restarts >= MAX_RESTARTS) throw error;
    }
  }
};
