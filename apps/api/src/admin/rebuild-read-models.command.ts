import { ServiceUnavailableException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { RebuildReadModels } from '@threadtrak/application';

export interface Rebuilt {
  rebuilt: string[];
  headPosition: number;
}

/** How long the route waits for the projections consumer to replay the log before answering 503. */
const WAIT_MS = 60_000;

/**
 * `POST /v1/admin/projections/rebuild`: every read model dropped and replayed from position 0 by the
 * projections consumer, wherever it runs (this process with `npm start`, a worker with REDIS_URL);
 * answers once they have applied the log up to the request.
 */
export class RebuildReadModelsCommand extends Command<Rebuilt> {
  constructor(readonly actor: string) {
    super();
  }
}

@CommandHandler(RebuildReadModelsCommand)
export class RebuildReadModelsHandler implements ICommandHandler<RebuildReadModelsCommand> {
  constructor(private readonly rebuild: RebuildReadModels) {}

  async execute({ actor }: RebuildReadModelsCommand): Promise<Rebuilt> {
    const { rebuilt, position } = await this.rebuild.request(undefined, actor);
    if (!(await this.rebuild.caughtUp(rebuilt, position, { timeoutMs: WAIT_MS })))
      throw new ServiceUnavailableException({
        error: {
          code: 'rebuild_running',
          message: `the read models are still being rebuilt after ${WAIT_MS / 1000} s (is a worker running?); /readyz shows their lag`,
        },
      });
    return { rebuilt, headPosition: position };
  }
}
