import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { affiliateOfPayout, type Runtime } from '@threadtrak/application';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';
import { dashboardRange, positiveInt } from '../http/query-params';
import { PAYOUT_STATUSES } from '@threadtrak/read-models';
import { CancelPayoutDto, RejectPayoutDto } from './admin.dto';

const STATUSES: readonly string[] = PAYOUT_STATUSES;

/** Payout approval, program dashboards and projection rebuilds. */
@Controller('v1/admin')
@UseGuards(AdminGuard)
export class AdminPayoutsController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('payouts')
  payouts(@Query() query: Record<string, unknown>) {
    const status = query.status;
    if (status !== undefined && !STATUSES.includes(String(status)))
      throw badInput(`status must be one of ${STATUSES.join(', ')}`, [
        { field: 'status', problems: ['unknown status'] },
      ]);
    return this.runtime.queries.payoutsByStatus(
      status as (typeof PAYOUT_STATUSES)[number] | undefined,
      {
        ...(query.limit !== undefined ? { limit: positiveInt(query.limit, 'limit') } : {}),
        ...(typeof query.cursor === 'string' ? { cursor: query.cursor } : {}),
      },
    );
  }

  @Post('payouts/:payoutId/approve')
  @HttpCode(200)
  async approve(@Param('payoutId') payoutId: string, @Req() request: { caller: Caller }) {
    const event = await this.runtime.payouts.approve(
      this.affiliateOf(payoutId),
      payoutId,
      'admin',
      actorOf(request.caller),
    );
    return { payoutId, status: 'approved', amountCents: event?.data.amountCents };
  }

  @Post('payouts/:payoutId/reject')
  @HttpCode(200)
  async reject(
    @Param('payoutId') payoutId: string,
    @Body() body: RejectPayoutDto,
    @Req() request: { caller: Caller },
  ) {
    const event = await this.runtime.payouts.reject(
      this.affiliateOf(payoutId),
      payoutId,
      body.reason,
      actorOf(request.caller),
    );
    return { payoutId, status: 'rejected', amountCents: event?.data.amountCents };
  }

  /**
   * Extension: an open payout the saga cannot settle (it needs attention, or its method has no provider) goes
   * back to due, once the admin has checked with the provider that nothing was paid.
   */
  @Post('payouts/:payoutId/cancel')
  @HttpCode(200)
  async cancel(
    @Param('payoutId') payoutId: string,
    @Body() body: CancelPayoutDto,
    @Req() request: { caller: Caller },
  ) {
    const event = await this.runtime.payouts.cancel(
      this.affiliateOf(payoutId),
      payoutId,
      { reason: body.reason, providerChecked: body.providerChecked },
      actorOf(request.caller),
    );
    return { payoutId, status: 'cancelled', amountCents: event?.data.amountCents };
  }

  /** Extension: payouts the saga keeps open because the provider's answer needs a human (never marked failed). */
  @Get('payouts/attention')
  attention() {
    return this.runtime.payoutsNeedingAttention?.() ?? [];
  }

  @Get('dashboard')
  dashboard(@Query() query: Record<string, unknown>) {
    return this.runtime.queries.programDashboard(dashboardRange(query, this.runtime.clock.now()));
  }

  /** Drops every read model and rebuilds it from position 0 of the log; answers once caught up. */
  @Post('projections/rebuild')
  @HttpCode(200)
  async rebuild() {
    if (!this.runtime.rebuildProjections) {
      throw new NotFoundException({
        error: {
          code: 'no_worker',
          message: 'projections run in the worker process; rebuild there (npm run cli -- rebuild)',
        },
      });
    }
    const rebuilt = await this.runtime.rebuildProjections();
    return { rebuilt, headPosition: await this.runtime.store.headPosition() };
  }

  private affiliateOf(payoutId: string): string {
    const affiliateId = affiliateOfPayout(payoutId);
    if (!affiliateId)
      throw new NotFoundException({
        error: { code: 'payout_not_found', message: `no payout ${payoutId}` },
      });
    return affiliateId;
  }
}
