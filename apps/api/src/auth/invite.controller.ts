import { Controller, Param, Post, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { IssueInviteCommand } from './invite.commands';

/** `POST /v1/admin/affiliates/{id}/invite`: a new invite URL; the previous one stops working. */
@Controller('v1/admin/affiliates')
@UseGuards(AdminGuard)
export class InviteController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':affiliateId/invite')
  invite(@Param('affiliateId') affiliateId: string, @Req() request: { caller: Caller }) {
    return this.commands.execute(new IssueInviteCommand(affiliateId, actorOf(request.caller)));
  }
}
