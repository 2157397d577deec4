import { Command, CommandHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import { Facts, SetProgramRules } from '@threadtrak/application';
import type { ProgramRules, ProgramState } from '@threadtrak/ledger';

export type RulesView = { version: number } & ProgramRules;

const view = ({ version, rules }: ProgramState): RulesView => ({ version, ...rules });

/**
 * `PUT /v1/admin/rules`: a new version of the rules. With `expectedVersion` (the `version` the admin read),
 * a change made on an older version is refused (409): two admins editing one version cannot both win.
 */
export class SetRulesCommand extends Command<RulesView> {
  constructor(
    readonly changes: Partial<ProgramRules>,
    readonly expectedVersion: number | undefined,
    readonly actor: string,
  ) {
    super();
  }
}

/** `GET /v1/admin/rules`: the rules in force and their version (0: never set, the defaults). */
export class RulesQuery extends Query<RulesView> {}

@CommandHandler(SetRulesCommand)
export class SetRulesHandler implements ICommandHandler<SetRulesCommand> {
  constructor(private readonly setRules: SetProgramRules) {}

  async execute({ changes, expectedVersion, actor }: SetRulesCommand): Promise<RulesView> {
    return view(await this.setRules.execute(changes, actor, expectedVersion));
  }
}

@QueryHandler(RulesQuery)
export class RulesHandler implements IQueryHandler<RulesQuery> {
  constructor(private readonly facts: Facts) {}

  async execute(): Promise<RulesView> {
    return view(await this.facts.program());
  }
}
