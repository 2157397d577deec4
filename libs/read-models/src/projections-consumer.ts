import {
  checkpointAt,
  checkpointMatches,
  LOG_START,
  ReplayRequestedError,
  type Checkpoint,
  type EventStore,
  type RecordedEvent,
} from '@threadtrak/event-store';
import type { Projection } from './projection';
import { allProjections } from './projections';
import { RESETTING, type ReadModelStore } from './read-model-store';

export interface ProjectionsConsumerOptions {
  eventStore: Pick<EventStore, 'headPosition' | 'eventAtPosition'>;
  store: ReadModelStore;
  /** Default: `allProjections()`. */
  projections?: readonly Projection[];
  onError?: (projection: string, error: unknown) => void;
  /** Where the WARN of a checkpoint that does not match the log goes. Default console.warn. */
  log?: (line: string) => void;
}

/**
 * The projections as ONE log consumer (`projections`, run by a LogProcessor under its lease): the log is
 * read and parsed once, and each batch is handed to every projection. Each read model keeps its own
 * position in the read-model store, written in one atomic unit with its share of the batch
 * (compare-and-set): that position is its dedupe guard, so a batch handed again (after a crash, a
 * failure, a lease moving on) is applied to each read model at most once.
 *
 * At start it verifies every read model's position against the log (a read model built from another log
 * is rebuilt from position 0, with a WARN) and moves the processor's start back to the read model that is
 * furthest behind (in-memory read models start empty; a rebuild reset one). When a read model moves
 * under it (a rebuild reset it, from this or another process), it asks the processor to start it again.
 */
export class ProjectionsConsumer {
  readonly name = 'projections';
  private readonly projections: readonly Projection[];
  /** Each read model's position as this consumer last read or wrote it. */
  private readonly positions = new Map<string, number>();
  private readonly errors = new Map<string, string>();

  constructor(private readonly options: ProjectionsConsumerOptions) {
    this.projections = options.projections ?? allProjections();
  }

  get names(): string[] {
    return this.projections.map((projection) => projection.name);
  }

  /** The last error of each read model's projection, until it applies a batch again. */
  lastErrors(): Record<string, string> {
    return Object.fromEntries(this.errors);
  }

  async start(from: Checkpoint): Promise<Checkpoint | void> {
    const behind = await this.prepare();
    if (behind >= from.position) return;
    const event = behind > 0 ? await this.options.eventStore.eventAtPosition(behind) : null;
    return event ? checkpointAt(event) : LOG_START;
  }

  /** Verifies and reads every read model's position; the smallest: the log is needed after it. */
  async prepare(): Promise<number> {
    await this.verifyPositions();
    for (const name of this.names) {
      const position = await this.options.store.checkpoint(name);
      if (position === RESETTING) throw new Error(`read model ${name} is being reset; waiting`);
      this.positions.set(name, position);
    }
    return Math.min(...this.positions.values());
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const last = events.at(-1);
    if (!last) return;
    const position = last.position;
    const event = last.hash === undefined ? { id: last.id } : { id: last.id, hash: last.hash };
    const { store } = this.options;
    await Promise.all(
      this.projections.map(async (projection) => {
        const after = this.positions.get(projection.name) ?? 0;
        const batch = events.filter((each) => each.position > after);
        if (batch.length === 0) return;
        let result;
        try {
          const ops = await projection.project(batch, store);
          result = await store.apply(projection.name, { after, position, event }, ops);
        } catch (error) {
          this.errors.set(projection.name, error instanceof Error ? error.message : String(error));
          this.options.onError?.(projection.name, error);
          throw error;
        }
        this.errors.delete(projection.name);
        if (result === 'conflict')
          throw new ReplayRequestedError(
            `read model ${projection.name} is no longer at ${after} (reset for a rebuild, or moved ` +
              'by another writer); starting the projections again from the stored positions',
          );
        this.positions.set(
          projection.name,
          result === 'applied' ? position : await store.checkpoint(projection.name),
        );
      }),
    );
  }

  /** A position whose event is not the log's at that position (or past the head): rebuild from 0. */
  private async verifyPositions(): Promise<void> {
    const { store, eventStore } = this.options;
    for (const name of this.names) {
      const stored = await store.storedCheckpoint(name);
      if (stored.position <= 0) continue;
      const found = await eventStore.eventAtPosition(stored.position);
      // Positions written before the event was kept with them can only be checked for an event there.
      const matches =
        stored.eventId === undefined
          ? found !== null
          : checkpointMatches(
              { position: stored.position, eventId: stored.eventId, hash: stored.hash },
              found,
            );
      if (matches) continue;
      const head = await eventStore.headPosition();
      (this.options.log ?? console.warn)(
        `WARN checkpoint of projection ${name} does not match the log: stored position ` +
          `${stored.position} event ${stored.eventId ?? '(not kept)'}, found ` +
          `${found ? `event ${found.id}` : `no event there (log head ${head})`} (restored or ` +
          `swapped event store?); rebuilding ${name} from position 0`,
      );
      await store.reset(name);
    }
  }
}

export class UnknownProjectionError extends Error {
  readonly code = 'unknown_projection';
  constructor(name: string) {
    super(`no projection named ${JSON.stringify(name)}`);
  }
}
