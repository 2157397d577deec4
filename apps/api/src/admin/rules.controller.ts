import { Body, Controller, Get, HttpCode, Put, Req, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { SetRulesDto } from './admin.dto';
import { RulesQuery, SetRulesCommand } from './rules.commands';
import { ApiRoutes } from '../http/api-docs';
import { RULES_DOCS } from './admin.responses';

/** The program rules: every change is a new version. */
@Controller('v1/admin/rules')
@UseGuards(AdminGuard)
@ApiRoutes(RULES_DOCS)
export class RulesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  rules() {
    return this.queries.execute(new RulesQuery());
  }

  @Put()
  @HttpCode(200)
  setRules(@Body() body: SetRulesDto, @Req() request: { caller: Caller }) {
    const { version, ...changes } = body;
    return this.commands.execute(new SetRulesCommand(changes, version, actorOf(request.caller)));
  }
}
