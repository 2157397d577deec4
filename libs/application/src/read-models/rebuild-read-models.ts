import { eventId, type EventStore } from '@threadtrak/event-store';
import {
  PROJECTION_NAMES,
  UnknownProjectionError,
  type ReadModelStore,
} from '@threadtrak/read-models';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';

/** Where rebuild requests are recorded: an operator's act, kept in the log like any other. */
export const READ_MODELS_STREAM = 'read-models';

/** Glossary: a request to drop read models and replay them from position 0 of the log. */
export interface ReadModelsRebuildRequested {
  type: 'ReadModelsRebuildRequested';
  data: { requestId: string; projections: string[]; requestedAt: string };
}

export interface RebuildRequest {
  rebuilt: string[];
  /** The request's position in the log: the read models are rebuilt once they have applied it. */
  position: number;
}

/**
 * Rebuild of read models, from any process that reaches the read-model store (the api alone, the cli,
 * `npm start`): drops them, then records the request in the log. The projections consumer, in whichever
 * worker holds its lease, handles the request's batch, finds the read models moved behind it, and
 * replays them from 0 (ProjectionsConsumer); nothing is patched into this process by a worker.
 */
export class RebuildReadModels {
  constructor(
    private readonly store: Pick<EventStore, 'appendToStream'>,
    private readonly readModels: Pick<ReadModelStore, 'reset' | 'checkpoint'>,
    private readonly clock: Clock,
  ) {}

  async request(name: string | undefined, actor: string): Promise<RebuildRequest> {
    const known: readonly string[] = PROJECTION_NAMES;
    if (name !== undefined && !known.includes(name)) throw new UnknownProjectionError(name);
    const rebuilt = name === undefined ? [...known] : [name];
    for (const each of rebuilt) await this.readModels.reset(each);
    const requestId = randomUUID();
    const event: ReadModelsRebuildRequested = {
      type: 'ReadModelsRebuildRequested',
      data: { requestId, projections: rebuilt, requestedAt: this.clock.now().toISOString() },
    };
    const { position } = await this.store.appendToStream(READ_MODELS_STREAM, [
      {
        id: eventId(event.type, requestId),
        type: event.type,
        data: event.data,
        metadata: { actor },
      },
    ]);
    return { rebuilt, position };
  }

  /** True once every read model in `names` has applied the log up to `position`; false after `timeoutMs`. */
  async caughtUp(
    names: readonly string[],
    position: number,
    { timeoutMs, pollMs = 50 }: { timeoutMs: number; pollMs?: number },
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const positions = await Promise.all(names.map((name) => this.readModels.checkpoint(name)));
      if (positions.every((each) => each >= position)) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
