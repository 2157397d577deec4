import { Body, Controller, Get, Headers, Inject, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { loadLedger, type Runtime } from '@threadtrak/application';
import { buildLinks, linkFor, parseLinkQuery, parseQrOptions, QrTooSmallError, renderQr } from '@threadtrak/links';
import type { AffiliateState, PayoutAccount } from '@threadtrak/ledger';
import type { FastifyReply } from 'fastify';
import { maskAccount, publicAffiliate } from '../admin/admin.controller';
import { AffiliateGuard, CurrentAffiliate } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';
import { PayoutAccountDto } from './me.dto';

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
  async setPayoutAccount(@CurrentAffiliate() affiliate: AffiliateState, @Body() body: PayoutAccountDto) {
    const account: PayoutAccount =
      body.method === 'paypal' ? { method: 'paypal', email: body.email! } : { method: 'stripe_connect', accountId: body.accountId! };
    const updated = await this.runtime.updateAffiliate.setPayoutAccount(affiliate.affiliateId, account, `affiliate:${affiliate.affiliateId}`);
    return { payoutAccount: maskAccount(updated.payoutAccount) };
  }

  @Get('links')
  links(@CurrentAffiliate() affiliate: AffiliateState, @Query() query: Record<string, unknown>) {
    const parsed = parseLinkQuery({ ...query, type: 'canonical' });
    if (!parsed.ok) throw badInput(parsed.errors.join('; '), parsed.errors);
    return buildLinks({ publicBaseUrl: this.runtime.config.publicBaseUrl, refCode: affiliate.refCode, ...stripUndefined(parsed.value) });
  }

  @Get('qr')
  async qr(@CurrentAffiliate() affiliate: AffiliateState, @Query() query: Record<string, unknown>, @Res() reply: FastifyReply) {
    const link = parseLinkQuery(query);
    const options = parseQrOptions(query);
    const errors = [...(link.ok ? [] : link.errors), ...(options.ok ? [] : options.errors)];
    if (!link.ok || !options.ok) throw badInput(errors.join('; '), errors);
    const url = linkFor(link.value.kind, { publicBaseUrl: this.runtime.config.publicBaseUrl, refCode: affiliate.refCode, ...stripUndefined(link.value) });
    try {
      const image = await renderQr(url, options.value);
      await reply.header('content-type', image.contentType).header('x-link-url', url).send(image.body);
    } catch (error) {
      if (error instanceof QrTooSmallError) throw badInput(error.message, [{ field: 'size', problems: [`at least ${error.minSize}`] }]);
      throw error;
    }
  }

  @Post('payouts')
  async requestPayout(
    @CurrentAffiliate() affiliate: AffiliateState,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{1,128}$/.test(idempotencyKey)) {
      throw badInput('Idempotency-Key must be 1 to 128 of A-Z a-z 0-9 _ . : -', ['Idempotency-Key']);
    }
    const payout = await this.runtime.payouts.request(affiliate.affiliateId, idempotencyKey, `affiliate:${affiliate.affiliateId}`);
    reply.status(201);
    return { payoutId: payout.payoutId, amountCents: payout.amountCents, currency: payout.currency, status: 'requested' };
  }

  @Get('payouts')
  async payouts(@CurrentAffiliate() affiliate: AffiliateState) {
    const { state } = await loadLedger(this.runtime.log, affiliate.affiliateId);
    return [...state.payouts.values()].reverse().map((payout) => ({
      payoutId: payout.payoutId,
      amountCents: payout.amountCents,
      status: payout.status,
      method: payout.account.method,
      requestedAt: payout.requestedAt,
      ...(payout.providerRef ? { providerRef: payout.providerRef } : {}),
    }));
  }
}

const stripUndefined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
