import { Controller, Inject, NotFoundException, Param, Post, Req, UseGuards } from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';

/** `POST /v1/admin/affiliates/{id}/invite`: a new invite URL; the previous one stops working. */
@Controller('v1/admin/affiliates')
@UseGuards(AdminGuard)
export class InviteController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Post(':affiliateId/invite')
  async invite(@Param('affiliateId') affiliateId: string, @Req() request: { caller: Caller }) {
    if (!/^aff_[a-z0-9]{16}$/.test(affiliateId) || !this.runtime.directory.affiliate(affiliateId)) {
      throw new NotFoundException({ error: { code: 'not_found', message: 'no such affiliate' } });
    }
    return this.runtime.portalAccess.issueInvite(affiliateId, actorOf(request.caller));
  }
}
