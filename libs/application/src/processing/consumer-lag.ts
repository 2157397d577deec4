import type { EventStore } from '@threadtrak/event-store';
import { PROJECTION_NAMES, type ReadModelStore } from '@threadtrak/read-models';
import { LOG_CONSUMER_NAMES } from './log-consumer';

/**
 * The log consumers whose checkpoints the event store keeps: all but the projections, which are reported
 * per read model instead. A name without a stored checkpoint reports the whole log as its lag: nothing is
 * recorded as handled.
 */
const CHECKPOINTED = LOG_CONSUMER_NAMES.filter((name) => name !== 'projections');

export interface ConsumerLagReport {
  headPosition: number;
  /** Events between the head and each read model's stored position (Redis when configured). */
  projections: Record<string, number>;
  /** Events between the head and each log consumer's checkpoint in the event store. */
  consumers: Record<string, number>;
}

/**
 * How far each reader of the log is behind it, computed from what the readers stored, never from a
 * process's memory: an api process without a worker reports what the worker has done (the checkpoints in
 * the event store, the projections' positions in Redis), and every replica reports the same.
 */
export class ConsumerLag {
  private readonly consumers: readonly string[];
  private readonly projections: readonly string[];

  constructor(
    private readonly store: Pick<EventStore, 'headPosition' | 'readCheckpoint'>,
    private readonly readModels: Pick<ReadModelStore, 'checkpoint'>,
    names: { consumers?: readonly string[]; projections?: readonly string[] } = {},
  ) {
    this.consumers = names.consumers ?? CHECKPOINTED;
    this.projections = names.projections ?? PROJECTION_NAMES;
  }

  async read(): Promise<ConsumerLagReport> {
    const headPosition = await this.store.headPosition();
    const behind = (position: number) => Math.max(0, headPosition - Math.max(0, position));
    const projections: Record<string, number> = {};
    // -1 while a rebuild resets the read model: the whole log is ahead of it.
    for (const name of this.projections)
      projections[name] = behind(await this.readModels.checkpoint(name));
    const consumers: Record<string, number> = {};
    for (const name of this.consumers)
      consumers[name] = behind((await this.store.readCheckpoint(name))?.position ?? 0);
    return { headPosition, projections, consumers };
  }

  /** Projections and consumers in one record, by name (the `/metrics` gauge's `consumer` label). */
  async byConsumer(): Promise<Record<string, number>> {
    const { projections, consumers } = await this.read();
    return { ...projections, ...consumers };
  }
}
