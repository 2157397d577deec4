import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { AffiliateState } from '@threadtrak/ledger';
import type { FastifyReply } from 'fastify';
import { isMonth } from '../console/statement';
import { StatementQuery } from '../console/statement.query';
import { AffiliateGuard, CurrentAffiliate } from '../http/auth';
import { badInput } from '../http/validation';
import { ApiKeysQuery, IssueApiKeyCommand, RevokeApiKeyCommand } from './api-keys.commands';
import { PayoutAccountDto } from './me.dto';
import { CommissionsQuery, DashboardQuery, LinksQuery, ProfileQuery, QrQuery } from './me.queries';
import { SetPayoutAccountCommand } from './payout-account.commands';
import { PayoutsQuery, RequestPayoutCommand } from './payouts.commands';
import { ApiRoutes } from '../http/api-docs';
import { ME_DOCS } from './me.responses';

/** An affiliate's own corner: everything here is scoped to the caller's affiliate. */
@Controller('v1/me')
@UseGuards(AffiliateGuard)
@ApiRoutes(ME_DOCS)
export class MeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  me(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.queries.execute(new ProfileQuery(affiliate));
  }

  @Put('payout-account')
  setPayoutAccount(@CurrentAffiliate() affiliate: AffiliateState, @Body() body: PayoutAccountDto) {
    return this.commands.execute(
      new SetPayoutAccountCommand(
        affiliate,
        body.method === 'paypal'
          ? { method: 'paypal', email: body.email! }
          : { method: 'stripe_connect', ...(body.accountId ? { accountId: body.accountId } : {}) },
      ),
    );
  }

  @Get('links')
  links(@CurrentAffiliate() affiliate: AffiliateState, @Query() query: Record<string, unknown>) {
    return this.queries.execute(new LinksQuery(affiliate, query));
  }

  @Get('qr')
  async qr(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const { url, image } = await this.queries.execute(new QrQuery(affiliate, query));
    await reply
      .header('content-type', image.contentType)
      .header('x-link-url', url)
      .send(image.body);
  }

  @Post('api-keys')
  issueApiKey(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.commands.execute(new IssueApiKeyCommand(affiliate.affiliateId));
  }

  @Get('api-keys')
  apiKeys(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.queries.execute(new ApiKeysQuery(affiliate.affiliateId));
  }

  @Delete('api-keys/:keyId')
  @HttpCode(204)
  async revokeApiKey(@CurrentAffiliate() affiliate: AffiliateState, @Param('keyId') keyId: string) {
    await this.commands.execute(new RevokeApiKeyCommand(affiliate.affiliateId, keyId));
  }

  @Post('payouts')
  @HttpCode(201)
  requestPayout(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ) {
    return this.commands.execute(new RequestPayoutCommand(affiliate.affiliateId, idempotencyKey));
  }

  @Get('payouts')
  payouts(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.queries.execute(new PayoutsQuery(affiliate.affiliateId));
  }

  @Get('dashboard')
  dashboard(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Query() query: Record<string, unknown>,
  ) {
    return this.queries.execute(new DashboardQuery(affiliate.affiliateId, query));
  }

  @Get('commissions')
  commissions(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Query() query: Record<string, unknown>,
  ) {
    return this.queries.execute(new CommissionsQuery(affiliate.affiliateId, query));
  }

  /**
   * Extension: the affiliate's line of the month-end statement, from the same replay as the console's, with
   * the log positions and hash it went through, so the affiliate can check it against finance's copy.
   */
  @Get('statements/:month')
  statement(@CurrentAffiliate() affiliate: AffiliateState, @Param('month') month: string) {
    if (!isMonth(month))
      throw badInput('month must be YYYY-MM', [{ field: 'month', problems: ['not YYYY-MM'] }]);
    return this.queries.execute(new StatementQuery(month, affiliate.affiliateId));
  }
}
