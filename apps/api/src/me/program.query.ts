import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Directory, Facts } from '@threadtrak/application';
import { inScope, type AffiliateState, type ProgramRules } from '@threadtrak/ledger';

export type ProgramView = { version: number; rateBps: number } & Pick<
  ProgramRules,
  'currency' | 'cookieWindowDays' | 'attributionModel' | 'holdDays' | 'minPayoutCents'
> & { products: { productId: string; name: string; url: string; rateBps: number }[] };

/** The rules in force as they apply to this affiliate: what the portal's Help page and product picker show. */
export class ProgramQuery extends Query<ProgramView> {
  constructor(readonly affiliate: AffiliateState) {
    super();
  }
}

@QueryHandler(ProgramQuery)
export class ProgramHandler implements IQueryHandler<ProgramQuery> {
  constructor(
    private readonly facts: Facts,
    private readonly directory: Directory,
  ) {}

  async execute({ affiliate }: ProgramQuery): Promise<ProgramView> {
    const { version, rules } = await this.facts.program();
    const rateOf = (productRate?: number) =>
      affiliate.rateBps ?? productRate ?? rules.defaultRateBps;
    const products = this.directory
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
