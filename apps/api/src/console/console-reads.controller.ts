import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { toCsv, type AuditReport } from '@threadtrak/application';
import type { FastifyReply } from 'fastify';
import { AuditQuery } from '../admin/audit.query';
import { AdminGuard } from '../http/auth';
import { instantParam } from '../http/instant';
import { badInput } from '../http/validation';
import { RulesHistoryQuery } from './console.queries';
import { AffiliateCommissionsQuery, ProductsQuery } from './catalog.queries';
import { OrderClicksQuery } from './order-clicks.query';
import { PayoutReviewQuery } from './payout-review.query';
import { isMonth } from './statement';
import { StatementQuery } from './statement.query';
import { ReattributionHistoryQuery } from './reattribution-history.query';
import { ApiRoutes } from '../http/api-docs';
import { CONSOLE_READS_DOCS } from './console.responses';

const AFFILIATE_ID = /^aff_[A-Za-z0-9_-]{1,64}$/;

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

  @Get('products')
  products() {
    return this.queries.execute(new ProductsQuery());
  }

  @Get('affiliates/:affiliateId/commissions')
  affiliateCommissions(
    @Param('affiliateId') affiliateId: string,
    @Query() query: Record<string, unknown>,
  ) {
    return this.queries.execute(new AffiliateCommissionsQuery(affiliateId, query));
  }

  @Get('orders/:orderId/clicks')
  orderClicks(@Param('orderId') orderId: string) {
    return this.queries.execute(new OrderClicksQuery(orderId));
  }

  @Get('payouts/review')
  payoutReview() {
    return this.queries.execute(new PayoutReviewQuery());
  }

  @Get('audit.csv')
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
  statement(@Param('month') month: string, @Query() query: Record<string, unknown>) {
    if (!isMonth(month))
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
