import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Directory } from '@threadtrak/application';
import type { Product } from '@threadtrak/ledger';
import { AFFILIATE_ID, notFound } from '../admin/not-found';
import { CommissionsQuery } from '../me/me.queries';

/** `GET /v1/console/products`: the catalog as listed, by name. */
export class ProductsQuery extends Query<{ products: Product[] }> {}

@QueryHandler(ProductsQuery)
export class ProductsHandler implements IQueryHandler<ProductsQuery> {
  constructor(private readonly directory: Directory) {}

  execute(): Promise<{ products: Product[] }> {
    const products = this.directory
      .allProducts()
      .sort((a, b) => a.name.localeCompare(b.name) || a.productId.localeCompare(b.productId));
    return Promise.resolve({ products });
  }
}

/**
 * `GET /v1/console/affiliates/{affiliateId}/commissions?status&limit&cursor`: what the affiliate sees at
 * `/v1/me/commissions`, for the program manager.
 */
export class AffiliateCommissionsQuery extends Query<unknown> {
  constructor(
    readonly affiliateId: string,
    readonly params: Record<string, unknown>,
  ) {
    super();
  }
}

@QueryHandler(AffiliateCommissionsQuery)
export class AffiliateCommissionsHandler implements IQueryHandler<AffiliateCommissionsQuery> {
  constructor(
    private readonly directory: Directory,
    private readonly queries: QueryBus,
  ) {}

  execute({ affiliateId, params }: AffiliateCommissionsQuery) {
    if (!AFFILIATE_ID.test(affiliateId) || !this.directory.affiliate(affiliateId))
      throw notFound('affiliate');
    return this.queries.execute(new CommissionsQuery(affiliateId, params));
  }
}
