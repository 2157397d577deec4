import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { CancelPayoutDto, RejectPayoutDto } from './admin.dto';
import {
  ApprovePayoutCommand,
  CancelPayoutCommand,
  PayoutsByStatusQuery,
  PayoutsNeedingAttentionQuery,
  ProgramDashboardQuery,
  RejectPayoutCommand,
} from './admin-payouts.commands';
import { RebuildReadModelsCommand } from './rebuild-read-models.command';
import { ApiRoutes } from '../http/api-docs';
import { ADMIN_PAYOUTS_DOCS } from './admin.responses';

/** Payout approval, program dashboards and projection rebuilds. */
@Controller('v1/admin')
@UseGuards(AdminGuard)
@ApiRoutes(ADMIN_PAYOUTS_DOCS)
export class AdminPayoutsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('payouts')
  payouts(@Query() query: Record<string, unknown>) {
    return this.queries.execute(new PayoutsByStatusQuery(query));
  }

  @Post('payouts/:payoutId/approve')
  @HttpCode(200)
  approve(@Param('payoutId') payoutId: string, @Req() request: { caller: Caller }) {
    return this.commands.execute(new ApprovePayoutCommand(payoutId, actorOf(request.caller)));
  }

  @Post('payouts/:payoutId/reject')
  @HttpCode(200)
  reject(
    @Param('payoutId') payoutId: string,
    @Body() body: RejectPayoutDto,
    @Req() request: { caller: Caller },
  ) {
    return this.commands.execute(
      new RejectPayoutCommand(payoutId, body.reason, actorOf(request.caller)),
    );
  }

  /**
   * Extension: an open payout the saga cannot settle (it needs attention, or its method has no provider) goes
   * back to due, once the admin has checked with the provider that nothing was paid.
   */
  @Post('payouts/:payoutId/cancel')
  @HttpCode(200)
  cancel(
    @Param('payoutId') payoutId: string,
    @Body() body: CancelPayoutDto,
    @Req() request: { caller: Caller },
  ) {
    return this.commands.execute(
      new CancelPayoutCommand(payoutId, body.reason, body.providerChecked, actorOf(request.caller)),
    );
  }

  /** Extension: payouts the saga keeps open because the provider's answer needs a human (never marked failed). */
  @Get('payouts/attention')
  attention() {
    return this.queries.execute(new PayoutsNeedingAttentionQuery());
  }

  @Get('dashboard')
  dashboard(@Query() query: Record<string, unknown>) {
    return this.queries.execute(new ProgramDashboardQuery(query));
  }

  /** Drops every read model and rebuilds it from position 0 of the log; answers once caught up. */
  @Post('projections/rebuild')
  @HttpCode(200)
  rebuild(@Req() request: { caller: Caller }) {
    return this.commands.execute(new RebuildReadModelsCommand(actorOf(request.caller)));
  }
}
