import {
  evolveSubscription,
  initialSubscription,
  recordSubscriptionInvoice,
  streams,
  type OrderLine,
  type SubscriptionEvent,
  type SubscriptionState,
} from '@threadtrak/ledger';
import { emailHash } from '../affiliates/credentials';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import type { OrderAttribution, RecordOrder } from '../orders/record-order';
import type { AttributeWaitingInvoices } from './attribute-waiting-invoices';
import { decideInvoice } from './invoice-attribution';

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
  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly recordOrder: RecordOrder,
    private readonly waiting: AttributeWaitingInvoices,
    private readonly clock: Clock,
    /** The keyed email hash's secret (`EMAIL_HASH_SECRET`, or generated into the data folder). */
    private readonly emailHashSecret: string,
  ) {}

  async execute(
    request: RecordInvoiceRequest,
    metadata: { actor: string; correlationId?: string },
  ) {
    const now = this.clock.now().toISOString();
    const numbered = await this.log.decide<SubscriptionState, SubscriptionEvent, SubscriptionState>(
      streams.subscription(request.subscriptionId),
      initialSubscription,
      evolveSubscription,
      (state) => {
        const event = recordSubscriptionInvoice(state, {
          subscriptionId: request.subscriptionId,
          invoiceId: request.invoiceId,
          now,
        });
        return {
          events: event ? [{ event, cause: `invoice:${request.invoiceId}` }] : [],
          result: event ? evolveSubscription(state, event) : state,
        };
      },
      metadata,
      3,
    );
    const ordinal = numbered.invoices.get(request.invoiceId)!;
    const { invoiceId, subscriptionId, ...order } = request;
    const recorded = await this.recordOrder.execute(
      { ...order, orderId: invoiceId, subscription: { subscriptionId, ordinal } },
      'stripe',
      metadata,
      () => this.attribute(request, numbered, ordinal),
    );
    // The binding may have been recorded while this invoice was decided unbound: attribute it now.
    if (!numbered.bound) await this.waiting.execute(subscriptionId, metadata);
    return recorded;
  }

  private async attribute(
    request: RecordInvoiceRequest,
    subscription: SubscriptionState,
    ordinal: number,
  ): Promise<OrderAttribution> {
    const customerEmailHash = request.customerEmail
      ? emailHash(this.emailHashSecret, request.customerEmail)
      : undefined;
    return {
      identity: customerEmailHash ? { customerEmailHash } : {},
      ...(await decideInvoice(this.facts, { ...request, ordinal }, subscription)),
    };
  }
}
