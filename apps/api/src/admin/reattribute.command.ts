import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  Reattribute,
  type ReattributeRequest,
  type ReattributionResult,
} from '@threadtrak/application';

/**
 * `POST /v1/admin/reattributions` and `cli reattribute`: orders paid in [from, to) re-decided under other
 * rules; a dry run answers the difference, an apply also appends it as compensating events.
 */
export class ReattributeCommand extends Command<ReattributionResult> {
  constructor(
    readonly request: ReattributeRequest,
    readonly actor: string,
    /** Events of the log scanned so far (the CLI's progress line). */
    readonly onProgress?: (eventsScanned: number) => void,
  ) {
    super();
  }
}

@CommandHandler(ReattributeCommand)
export class ReattributeHandler implements ICommandHandler<ReattributeCommand> {
  constructor(private readonly reattribute: Reattribute) {}

  execute({ request, actor, onProgress }: ReattributeCommand): Promise<ReattributionResult> {
    return this.reattribute.run(request, { actor }, onProgress);
  }
}
