import { Controller, Get, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AdminGuard } from '../http/auth';
import { RulesHistoryQuery } from './console.queries';
import { PayoutReviewQuery } from './payout-review.query';

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
}
