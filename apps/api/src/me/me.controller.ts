import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Put,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import {
  buildLinks,
  linkFor,
  parseLinkQuery,
  parseQrOptions,
  QrTooSmallError,
  renderQr,
} from '@threadtrak/links';
import type { AffiliateState, PayoutAccount } from '@threadtrak/ledger';
import type { FastifyReply } from 'fastify';
import { maskAccount, publicAffiliate } from '../admin/admin.controller';
import { AffiliateGuard, CurrentAffiliate } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';
import { PayoutAccountDto } from './me.dto';
import { startStripeOnboarding } from './stripe-onboarding';

/** An affiliate's own corner: everything here is scoped to the key's affiliate. */
@Controller('v1/me')
@UseGuards(AffiliateGuard)
export class MeController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get()
  me(@CurrentAffiliate() affiliate: AffiliateState) {
    const { email: _email, status: _status, ...shown } = publicAffiliate(affiliate);
    return shown;
  }

  @Put('payout-account')
  async setPayoutAccount(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Body() body: PayoutAccountDto,
  ) {
    if (body.method === 'stripe_connect' && body.accountId === undefined)
      return startStripeOnboarding(this.runtime, affiliate.affiliateId, affiliate.email);
    const account: PayoutAccount =
      body.method === 'paypal'
        ? { method: 'paypal', email: body.email! }
        : { method: 'stripe_connect', accountId: body.accountId! };
    const updated = await this.runtime.updateAffiliate.setPayoutAccount(
      affiliate.affiliateId,
      account,
      `affiliate:${affiliate.affiliateId}`,
    );
    return { payoutAccount: maskAccount(updated.payoutAccount) };
  }

  @Get('links')
  links(@CurrentAffiliate() affiliate: AffiliateState, @Query() query: Record<string, unknown>) {
    const parsed = parseLinkQuery({ ...query, type: 'canonical' });
    if (!parsed.ok) throw badInput(parsed.errors.join('; '), parsed.errors);
    return buildLinks({
      publicBaseUrl: this.runtime.config.publicBaseUrl,
      refCode: affiliate.refCode,
      ...stripUndefined(parsed.value),
    });
  }

  @Get('qr')
  async qr(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const link = parseLinkQuery(query);
    const options = parseQrOptions(query);
    const errors = [...(link.ok ? [] : link.errors), ...(options.ok ? [] : options.errors)];
    if (!link.ok || !options.ok) throw badInput(errors.join('; '), errors);
    const url = linkFor(link.value.kind, {
      publicBaseUrl: this.runtime.config.publicBaseUrl,
      refCode: affiliate.refCode,
      ...stripUndefined(link.value),
    });
    try {
      const image = await renderQr(url, options.value);
      await reply
        .header('content-type', image.contentType)
        .header('x-link-url', url)
        .send(image.body);
    } catch (error) {
      if (error instanceof QrTooSmallError)
        throw badInput(error.message, [{ field: 'size', problems: [`at least ${error.minSize}`] }]);
      throw error;
    }
  }

  /** A new key beside the working ones (rotation without downtime); the key is shown only in this answer. */
  @Post('api-keys')
  issueApiKey(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.runtime.apiKeys.issue(affiliate.affiliateId, `affiliate:${affiliate.affiliateId}`);
  }

  /** Ids and creation dates of the working keys; never a secret. */
  @Get('api-keys')
  apiKeys(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.runtime.apiKeys.list(affiliate.affiliateId);
  }

  /** Revoking the key in use is allowed: the next request with it is a 401. */
  @Delete('api-keys/:keyId')
  @HttpCode(204)
  async revokeApiKey(@CurrentAffiliate() affiliate: AffiliateState, @Param('keyId') keyId: string) {
    if (!/^key_[a-z0-9_]{1,64}$/.test(keyId))
      throw new NotFoundException({
        error: { code: 'api_key_not_found', message: `no working key ${keyId}` },
      });
    await this.runtime.apiKeys.revoke(
      affiliate.affiliateId,
      keyId,
      `affiliate:${affiliate.affiliateId}`,
    );
  }

  @Post('payouts')
  async requestPayout(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{1,128}$/.test(idempotencyKey)) {
      throw badInput('Idempotency-Key must be 1 to 128 of A-Z a-z 0-9 _ . : -', [
        'Idempotency-Key',
      ]);
    }
    const payout = await this.runtime.payouts.request(
      affiliate.affiliateId,
      idempotencyKey,
      `affiliate:${affiliate.affiliateId}`,
    );
    reply.status(201);
    return {
      payoutId: payout.payoutId,
      amountCents: payout.amountCents,
      currency: payout.currency,
      status: 'requested',
    };
  }

  @Get('payouts')
  payouts(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.runtime.queries.payouts(affiliate.affiliateId);
  }

  /** Clicks, sales and balances of the affiliate's own links; `from`/`to` default to the last 30 UTC days. */
  @Get('dashboard')
  dashboard(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Query() query: Record<string, unknown>,
  ) {
    return this.runtime.queries.affiliateDashboard(
      affiliate.affiliateId,
      dashboardRange(query, this.runtime.clock.now()),
    );
  }

  @Get('commissions')
  commissions(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Query() query: Record<string, unknown>,
  ) {
    const status = query.status;
    if (status !== undefined && !['pending', 'due', 'paid', 'reversed'].includes(String(status))) {
      throw badInput('status must be pending, due, paid or reversed', [
        { field: 'status', problems: ['unknown status'] },
      ]);
    }
    return this.runtime.queries.commissions(affiliate.affiliateId, {
      ...(status ? { status: status as 'pending' } : {}),
      ...(query.limit !== undefined ? { limit: positiveInt(query.limit, 'limit') } : {}),
      ...(typeof query.cursor === 'string' ? { cursor: query.cursor } : {}),
    });
  }
}

const DAY = 86_400_000;

/** `from`/`to` are UTC days `YYYY-MM-DD`; absent, the last 30 days up to today. */
export const dashboardRange = (query: Record<string, unknown>, now: Date) => {
  const day = (value: unknown, field: string) => {
    if (
      typeof value !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
      Number.isNaN(Date.parse(`${value}T00:00:00Z`))
    ) {
      throw badInput(`${field} must be a UTC day YYYY-MM-DD`, [{ field, problems: ['not a day'] }]);
    }
    return value;
  };
  const to = query.to === undefined ? now.toISOString().slice(0, 10) : day(query.to, 'to');
  const from =
    query.from === undefined
      ? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10)
      : day(query.from, 'from');
  const campaign = query.campaign;
  if (
    campaign !== undefined &&
    (typeof campaign !== 'string' || !/^[a-z0-9-]{1,64}$/.test(campaign))
  ) {
    throw badInput('campaign must be 1 to 64 of a-z 0-9 -', [
      { field: 'campaign', problems: ['invalid'] },
    ]);
  }
  return { from, to, ...(campaign ? { campaign: campaign as string } : {}) };
};

export const positiveInt = (value: unknown, field: string): number => {
  const number = Number(value);
  if (!/^\d{1,4}$/.test(String(value)) || number < 1)
    throw badInput(`${field} must be a positive integer`, [
      { field, problems: ['not a positive integer'] },
    ]);
  return number;
};

const stripUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
