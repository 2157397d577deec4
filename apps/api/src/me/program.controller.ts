import { Controller, Get, Inject, UseGuards } from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import { inScope, type AffiliateState } from '@threadtrak/ledger';
import { AffiliateGuard, CurrentAffiliate } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';

/** The rules in force as they apply to this affiliate: what the portal's Help page and product picker show. */
@Controller('v1/me')
@UseGuards(AffiliateGuard)
export class ProgramController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('program')
  async program(@CurrentAffiliate() affiliate: AffiliateState) {
    const { version, rules } = await this.runtime.facts.program();
    const rateOf = (productRate?: number) =>
      affiliate.rateBps ?? productRate ?? rules.defaultRateBps;
    const products = this.runtime.directory
      .allProducts()
      .filter((product) => product.eligible && inScope(affiliate.productScope, product.productId))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((product) => ({
        productId: product.productId,
        name: product.name,
        url: product.url,
        rateBps: rateOf(product.rateBps),
      }));
    return {
      version,
      currency: rules.currency,
      cookieWindowDays: rules.cookieWindowDays,
      attributionModel: rules.attributionModel,
      holdDays: rules.holdDays,
      minPayoutCents: rules.minPayoutCents,
      rateBps: rateOf(),
      products,
    };
  }
}
