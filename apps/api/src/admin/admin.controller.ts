import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Patch,
  Post,
  Put,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import { PRODUCT_ID_PATTERN } from '@threadtrak/links';
import type { AffiliateState } from '@threadtrak/ledger';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';
import {
  ProductDto,
  ReattributionDto,
  RegisterAffiliateDto,
  RulesDto,
  UpdateAffiliateDto,
} from './admin.dto';

type Authed = { caller: Caller };

const notFound = (what: string) =>
  new NotFoundException({ error: { code: 'not_found', message: `no such ${what}` } });

export const publicAffiliate = (affiliate: AffiliateState) => ({
  affiliateId: affiliate.affiliateId,
  name: affiliate.name,
  email: affiliate.email,
  refCode: affiliate.refCode,
  productScope: affiliate.productScope,
  rateBps: affiliate.rateBps,
  status: affiliate.status,
  payoutAccount: maskAccount(affiliate.payoutAccount),
  promoCodes: affiliate.promoCodes ?? [],
});

/** Payout details are never shown whole: `j***@example.com`, `acct_…1234`. */
export const maskAccount = (account: AffiliateState['payoutAccount']) => {
  if (!account) return null;
  if (account.method === 'paypal') {
    const [local = '', domain = ''] = account.email.split('@');
    return { method: 'paypal', email: `${local.slice(0, 1)}***@${domain}` };
  }
  return { method: 'stripe_connect', accountId: `acct_…${account.accountId.slice(-4)}` };
};

@Controller('v1/admin')
@UseGuards(AdminGuard)
export class AdminController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('rules')
  async rules() {
    const { version, rules } = await this.runtime.facts.program();
    return { version, ...rules };
  }

  @Put('rules')
  @HttpCode(200)
  async setRules(@Body() body: RulesDto, @Req() request: Authed) {
    const { version, rules } = await this.runtime.setRules.execute(
      { ...body },
      actorOf(request.caller),
    );
    return { version, ...rules };
  }

  @Put('products/:productId')
  @HttpCode(200)
  async listProduct(
    @Param('productId') productId: string,
    @Body() body: ProductDto,
    @Req() request: Authed,
  ) {
    if (!PRODUCT_ID_PATTERN.test(productId))
      throw badInput('productId must be 1 to 64 of A-Z a-z 0-9 _ . -', ['productId']);
    const product = await this.runtime.listProduct.execute(
      { productId, ...body },
      actorOf(request.caller),
    );
    this.runtime.directory.remember({
      type: 'ProductListed',
      data: { ...product, occurredAt: this.runtime.clock.now().toISOString() },
    });
    return product;
  }

  @Post('affiliates')
  async register(@Body() body: RegisterAffiliateDto, @Req() request: Authed) {
    const registered = await this.runtime.registerAffiliate.execute(
      { ...body },
      actorOf(request.caller),
    );
    const { inviteUrl } = await this.runtime.portalAccess.issueInvite(
      registered.affiliateId,
      actorOf(request.caller),
    );
    return { ...registered, inviteUrl };
  }

  @Patch('affiliates/:affiliateId')
  async update(
    @Param('affiliateId') affiliateId: string,
    @Body() body: UpdateAffiliateDto,
    @Req() request: Authed,
  ) {
    if (!/^aff_[a-z0-9]{16}$/.test(affiliateId)) throw notFound('affiliate');
    if (Object.values(body).every((value) => value === undefined))
      throw badInput('nothing to change', []);
    const { promoCodes, ...changes } = body;
    let affiliate = promoCodes
      ? await this.runtime.setPromoCodes.execute(affiliateId, promoCodes, actorOf(request.caller))
      : null;
    if (Object.values(changes).some((value) => value !== undefined)) {
      affiliate = await this.runtime.updateAffiliate.update(
        affiliateId,
        changes,
        actorOf(request.caller),
      );
    }
    if (promoCodes)
      this.runtime.directory.remember({
        type: 'PromoCodesSet',
        data: {
          affiliateId,
          promoCodes: affiliate!.promoCodes ?? [],
          occurredAt: this.runtime.clock.now().toISOString(),
        },
      });
    return publicAffiliate(affiliate!);
  }

  @Get('affiliates')
  affiliates() {
    return this.runtime.directory.allAffiliates().map(publicAffiliate);
  }

  /** Orders paid in [from, to) re-decided under `rules`; `dryRun: false` appends the difference. */
  @Post('reattributions')
  @HttpCode(200)
  reattribute(@Body() body: ReattributionDto, @Req() request: Authed) {
    return this.runtime.reattribute.run(
      {
        from: body.from,
        to: body.to,
        ...(body.rules ? { rules: { ...body.rules } } : {}),
        dryRun: body.dryRun,
      },
      { actor: actorOf(request.caller) },
    );
  }

  @Get('orders/:orderId')
  async order(@Param('orderId') orderId: string) {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(orderId)) throw notFound('order');
    const explained = await this.runtime.explainOrder.execute(orderId);
    if (!explained) throw notFound('order');
    return explained;
  }
}
