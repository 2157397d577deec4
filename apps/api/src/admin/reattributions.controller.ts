import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { ReattributionDto } from './admin.dto';
import { ReattributeCommand } from './reattribute.command';
import { ApiRoutes } from '../http/api-docs';
import { REATTRIBUTIONS_DOCS } from './admin.responses';

/** Re-attribution: a dry run answers the difference, `dryRun: false` appends it. */
@Controller('v1/admin/reattributions')
@UseGuards(AdminGuard)
@ApiRoutes(REATTRIBUTIONS_DOCS)
export class ReattributionsController {
  constructor(private readonly commands: CommandBus) {}

  /** Orders paid in [from, to) re-decided under `rules`; `dryRun: false` appends the difference. */
  @Post()
  @HttpCode(200)
  reattribute(@Body() body: ReattributionDto, @Req() request: { caller: Caller }) {
    return this.commands.execute(
      new ReattributeCommand(
        {
          from: body.from,
          to: body.to,
          ...(body.rules ? { rules: { ...body.rules } } : {}),
          dryRun: body.dryRun,
        },
        actorOf(request.caller),
      ),
    );
  }
}
