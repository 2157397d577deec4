import { streams, type Product } from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';

/** `PUT /v1/admin/products/{productId}`: the listing as it is now. Unchanged listings append nothing. */
export class ListProduct {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  async execute(product: Product, actor: string): Promise<Product> {
    const now = this.clock.now().toISOString();
    return this.log.decide<
      Product | null,
      { type: 'ProductListed'; data: Product & { occurredAt: string } },
      Product
    >(
      streams.product(product.productId),
      () => null,
      (_, event) => {
        const { occurredAt: _at, ...listed } = event.data;
        return listed;
      },
      (current) => {
        if (current && JSON.stringify(normalize(current)) === JSON.stringify(normalize(product)))
          return { events: [], result: current };
        return {
          events: [
            {
              event: { type: 'ProductListed', data: { ...product, occurredAt: now } },
              cause: `product:${product.productId}:${now}`,
            },
          ],
          result: product,
        };
      },
      { actor },
    );
  }
}

const normalize = (product: Product) => ({
  productId: product.productId,
  name: product.name,
  url: product.url,
  checkoutUrl: product.checkoutUrl ?? null,
  stripePriceId: product.stripePriceId ?? null,
  stripeProductId: product.stripeProductId ?? null,
  eligible: product.eligible,
  rateBps: product.rateBps ?? null,
});
