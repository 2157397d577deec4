import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { toCsv, type AuditReport } from '@threadtrak/application';
import type { FastifyReply } from 'fastify';
import { AuditQuery } from '../admin/audit.query';
import { AdminGuard } from '../http/auth';
import { instantParam } from '../http/instant';
import { badInput } from '../http/validation';
import { RulesHistoryQuery } from './console.queries';
import { PayoutReviewQuery } from './payout-review.query';
import { StatementQuery } from './statement.query';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const AFFILIATE_ID = /^aff_[A-Za-z0-9_-]{1,64}$/;

/** Reads only the program console needs; the admin token or a console session opens them. */
@ApiTags('Console')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Neither the admin token nor a console session.' })
@Controller('v1/console')
@UseGuards(AdminGuard)
export class ConsoleReadsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('rules/history')
  @ApiOperation({
    summary: 'Every version of the program rules, newest first',
    description:
      'Extension: `[{version, rules, changedAt, actor, changed: [{field, before, after}]}]`, read from the log.',
  })
  @ApiOkResponse({ description: 'The versions, newest first.' })
  rulesHistory() {
    return this.queries.execute(new RulesHistoryQuery());
  }

  @Get('payouts/review')
  @ApiOperation({
    summary: 'The payouts waiting for approval, with history and risk hints',
    description:
      'Extension: `{programMedianClickToOrderSeconds, payouts: [{…payout, affiliate: {name, refCode, ' +
      'registeredAt, payoutAccountSetAt, payoutAccountChanges, earnedCents, reversedCents, paidCents, ' +
      'payoutsSent, selfReferralOrders, medianClickToOrderSeconds}, hints: [{code, detail}]}]}` for ' +
      'the `requested` payouts, from one replay of the log. Hints: `new_account` (registered under 30 ' +
      'days before the request), `payout_account_changed` (set under 7 days before), `self_referral` ' +
      "(orders paid with the affiliate's own email), `fast_orders` (median click-to-order under a tenth " +
      "of the program's).",
  })
  @ApiOkResponse({ description: 'The approval queue.' })
  payoutReview() {
    return this.queries.execute(new PayoutReviewQuery());
  }

  @Get('audit.csv')
  @ApiOperation({
    summary: 'The audit as of an instant, as CSV',
    description:
      'Extension: the balances of `GET /v1/admin/audit?at` as `text/csv` (one row per affiliate, then ' +
      '`total`), what the console\'s "Download CSV" saves.',
  })
  @ApiOkResponse({ description: 'affiliateId,earnedCents,…,paidCents rows.' })
  async auditCsv(
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const at = instantParam(query.at, 'at');
    const report: AuditReport = await this.queries.execute(new AuditQuery(at ? { at } : {}));
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${report.at}.csv"`);
    return toCsv(report);
  }

  @Get('statements/:month')
  @ApiOperation({
    summary:
      'The month-end statement: per affiliate, carried in, earned, reversed, paid, carried over',
    description:
      'Extension: `{month, from: {at, through}, to: {at, through}, lines: [{affiliateId, carriedInCents, ' +
      'earnedCents, reversedCents, paidCents, carriedOverCents}], totals, chain, invariantsOk}` for ' +
      "`YYYY-MM` (UTC), from two replays of the log as of the month's start and end (recording time, " +
      'as `GET /v1/admin/audit`). `from.through` and `to.through` name the exact log prefixes, so ' +
      'anyone replaying the same log reproduces each line. `?affiliateId` keeps one affiliate.',
  })
  @ApiOkResponse({ description: 'The statement.' })
  statement(@Param('month') month: string, @Query() query: Record<string, unknown>) {
    if (!MONTH.test(month))
      throw badInput('month must be YYYY-MM', [{ field: 'month', problems: ['not YYYY-MM'] }]);
    const affiliateId = query.affiliateId;
    if (
      affiliateId !== undefined &&
      (typeof affiliateId !== 'string' || !AFFILIATE_ID.test(affiliateId))
    )
      throw badInput('affiliateId must be an affiliate id (aff_…)', [
        { field: 'affiliateId', problems: ['not an affiliate id'] },
      ]);
    return this.queries.execute(new StatementQuery(month, affiliateId));
  }
}
