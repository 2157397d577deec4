import { assert, streams, type OrderLine, type SubscriptionState } from '@threadtrak/ledger';
import { emailHash } from '../affiliates/credentials';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { handleCommand, retryOnConflict } from '../handle-command';
import { subscriptionHandler } from '../stream-handlers';
import type { OrderAttribution, RecordOrder } from '../orders/record-order';
import type { AttributeWaitingInvoices } from './attribute-waiting-invoices';
import { decideInvoice } from './invoice-attribution';

/** Invoices of one subscription paid together, and its binding: a few tries, then 409. */
const onSubscription = subscriptionHandler(retryOnConflict(2));

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
    const { state: numbered } = await handleCommand(
      this.log,
      onSubscription,
      streams.subscription(request.subscriptionId),
      {
        type: 'RecordSubscriptionInvoice',
        subscriptionId: request.subscriptionId,
        invoiceId: request.invoiceId,
        now,
      },
      metadata,
    );
    const ordinal = numbered.invoices.get(request.invoiceId);
    assert(ordinal !== undefined, `invoice ${request.invoiceId} is numbered once recorded`);
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
