import { Controller, Get, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../http/auth';
import { RulesHistoryQuery } from './console.queries';
import { PayoutReviewQuery } from './payout-review.query';
import { ReattributionHistoryQuery } from './reattribution-history.query';
import { ApiRoutes } from '../http/api-docs';
import { CONSOLE_READS_DOCS } from './console.responses';

/** Reads only the program console needs; the admin token or a console session opens them. */
@ApiTags('Console')
@ApiBearerAuth()
@Controller('v1/console')
@UseGuards(AdminGuard)
@ApiRoutes(CONSOLE_READS_DOCS)
export class ConsoleReadsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('rules/history')
  rulesHistory() {
    return this.queries.execute(new RulesHistoryQuery());
  }

  @Get('reattributions')
  reattributions() {
    return this.queries.execute(new ReattributionHistoryQuery());
  }

  @Get('payouts/review')
  payoutReview() {
    return this.queries.execute(new PayoutReviewQuery());
  }
}
