import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Directory, ListProduct, type Clock } from '@threadtrak/application';
import type { Product } from '@threadtrak/ledger';
import { PRODUCT_ID_PATTERN } from '@threadtrak/links';
import { CLOCK } from '@threadtrak/wiring';
import { badInput } from '../http/validation';

/** `PUT /v1/admin/products/{productId}`: the listing as it is now; an unchanged listing appends nothing. */
export class ListProductCommand extends Command<Product> {
  constructor(
    readonly product: Product,
    readonly actor: string,
  ) {
    super();
  }
}

@CommandHandler(ListProductCommand)
export class ListProductHandler implements ICommandHandler<ListProductCommand> {
  constructor(
    private readonly listProduct: ListProduct,
    private readonly directory: Directory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ product, actor }: ListProductCommand): Promise<Product> {
    if (!PRODUCT_ID_PATTERN.test(product.productId))
      throw badInput('productId must be 1 to 64 of A-Z a-z 0-9 _ . -', ['productId']);
    const listed = await this.listProduct.execute(product, actor);
    // This process's links resolve the product from the next request on, not from the subscription's.
    this.directory.remember({
      type: 'ProductListed',
      data: { ...listed, occurredAt: this.clock.now().toISOString() },
    });
    return listed;
  }
}
