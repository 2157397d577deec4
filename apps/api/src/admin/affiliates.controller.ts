import { Body, Controller, Get, Param, Patch, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { RegisterAffiliateDto, UpdateAffiliateDto } from './admin.dto';
import {
  AffiliatesQuery,
  ChangeAffiliateCommand,
  IssueInviteCommand,
  RegisterAffiliateCommand,
} from './affiliates.commands';
import { ApiRoutes } from '../http/api-docs';
import { AFFILIATES_DOCS } from './admin.responses';

type Authed = { caller: Caller };

/** Affiliates: registration, changes (scope, rate, status, promotion codes) and portal invites. */
@Controller('v1/admin/affiliates')
@UseGuards(AdminGuard)
@ApiRoutes(AFFILIATES_DOCS)
export class AffiliatesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  register(@Body() body: RegisterAffiliateDto, @Req() request: Authed) {
    return this.commands.execute(
      new RegisterAffiliateCommand({ ...body }, actorOf(request.caller)),
    );
  }

  @Patch(':affiliateId')
  change(
    @Param('affiliateId') affiliateId: string,
    @Body() body: UpdateAffiliateDto,
    @Req() request: Authed,
  ) {
    return this.commands.execute(
      new ChangeAffiliateCommand(affiliateId, { ...body }, actorOf(request.caller)),
    );
  }

  @Get()
  affiliates() {
    return this.queries.execute(new AffiliatesQuery());
  }

  @Post(':affiliateId/invite')
  invite(@Param('affiliateId') affiliateId: string, @Req() request: Authed) {
    return this.commands.execute(new IssueInviteCommand(affiliateId, actorOf(request.caller)));
  }
}
