import { attributeInvoice, evolveSubscription, initialSubscription, recordSubscriptionInvoice, streams, type OrderLine, type SubscriptionEvent, type SubscriptionState } from '@threadtrak/ledger';
import { emailHash } from '../affiliates/credentials';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import type { OrderAttribution, RecordOrder } from '../orders/record-order';

export interface RecordInvoiceRequest {
  invoiceId: string;
  subscriptionId: string;
  paidAt: string;
  currency: string;
  lines: OrderLine[];
  customerEmail?: string;
}

/**
 * A subscription's paid invoice (`invoice.paid`): numbered in its subscription's stream, then recorded as
 * an order (`orderId` = the invoice id) attributed through the subscription's binding within the rule
 * `recurringPayments`.
 */
export class RecordInvoice {
  constructor(private readonly log: EventLog, private readonly facts: Facts, private readonly recordOrder: RecordOrder, private readonly clock: Clock) {}

  async execute(request: RecordInvoiceRequest, metadata: { actor: string; correlationId?: string }) {
    const now = this.clock.now().toISOString();
    const numbered = await this.log.decide<SubscriptionState, SubscriptionEvent, SubscriptionState>(
      streams.subscription(request.subscriptionId),
      initialSubscription,
      evolveSubscription,
      (state) => {
        const event = recordSubscriptionInvoice(state, { subscriptionId: request.subscriptionId, invoiceId: request.invoiceId, now });
        return { events: event ? [{ event, cause: `invoice:${request.invoiceId}` }] : [], result: event ? evolveSubscription(state, event) : state };
      },
      metadata,
      3,
    );
    const ordinal = numbered.invoices.get(request.invoiceId)!;
    const { invoiceId, subscriptionId, ...order } = request;
    return this.recordOrder.execute(
      { ...order, orderId: invoiceId, subscription: { subscriptionId, ordinal } },
      'stripe',
      metadata,
      () => this.attribute(request, numbered, ordinal),
    );
  }

  private async attribute(request: RecordInvoiceRequest, subscription: SubscriptionState, ordinal: number): Promise<OrderAttribution> {
    const program = await this.facts.program();
    const customerEmailHash = request.customerEmail ? emailHash(request.customerEmail) : undefined;
    const affiliateId = subscription.bound?.binding?.affiliateId;
    return {
      identity: customerEmailHash ? { customerEmailHash } : {},
      currency: program.rules.currency,
      rulesVersion: program.version,
      decision: attributeInvoice({
        order: { paidAt: request.paidAt, lines: request.lines },
        subscriptionId: request.subscriptionId,
        bound: subscription.bound,
        ordinal,
        rules: program.rules,
        rulesVersion: program.version,
        affiliates: await this.facts.affiliates(affiliateId ? [affiliateId] : []),
        products: await this.facts.products(request.lines.map((line) => line.productId)),
      }),
    };
  }
}
