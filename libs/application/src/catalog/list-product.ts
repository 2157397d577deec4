import { assert, productDecider, streams, type Product } from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';

/** Two admins listing the same product at once: the second decides again on the first's listing. */
const onProduct = {
  decider: productDecider,
  cause: (event: { data: Product & { occurredAt: string } }) =>
    `product:${event.data.productId}:${event.data.occurredAt}`,
  retry: retryOnConflict(1),
};

/** `PUT /v1/admin/products/{productId}`: the listing as it is now. Unchanged listings append nothing. */
export class ListProduct {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  async execute(product: Product, actor: string): Promise<Product> {
    const now = this.clock.now().toISOString();
    const { state } = await handleCommand(
      this.log,
      onProduct,
      streams.product(product.productId),
      { type: 'ListProduct', product, now },
      { actor },
    );
    assert(state, `product ${product.productId} is listed once decided`);
    return state;
  }
}
