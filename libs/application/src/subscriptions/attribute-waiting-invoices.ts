import { streams, type OrderCommand, type SubscriptionState } from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { handleCommand, retryOnConflict } from '../handle-command';
import { orderHandler } from '../stream-handlers';
import type { PostOrder } from '../orders/post-order';
import { decideInvoice } from './invoice-attribution';

/** A refund racing the attribution: decided again on the fresh order, twice at most. */
const onOrder = orderHandler(retryOnConflict(2));

/**
 * The invoices of a subscription that were recorded before it was bound get their attribution once it is:
 * one `OrderAttributed` each (its id from the order, so at most once), then their commission is posted.
 * Run after a binding is recorded and after an unbound invoice is recorded — whichever comes second finds
 * the other, so webhooks in any order end with the same ledger.
 */
export class AttributeWaitingInvoices {
  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly posting: PostOrder,
    private readonly clock: Clock,
  ) {}

  async execute(
    subscriptionId: string,
    metadata: { actor: string; correlationId?: string },
  ): Promise<string[]> {
    const subscription = await this.facts.subscription(subscriptionId);
    if (!subscription.bound) return [];
    const attributed: string[] = [];
    for (const [invoiceId, ordinal] of subscription.invoices) {
      if (await this.attributeOne(subscription, subscriptionId, invoiceId, ordinal, metadata))
        attributed.push(invoiceId);
    }
    return attributed;
  }

  /** Decided on the order's stream: a concurrent change of the order (a refund) means once more. */
  private async attributeOne(
    subscription: SubscriptionState,
    subscriptionId: string,
    invoiceId: string,
    ordinal: number,
    metadata: { actor: string; correlationId?: string },
  ) {
    const now = this.clock.now().toISOString();
    const { events } = await handleCommand(
      this.log,
      onOrder,
      streams.order(invoiceId),
      async (order): Promise<OrderCommand> => ({
        type: 'AttributeAwaitingOrder',
        decision: order.paid
          ? (
              await decideInvoice(
                this.facts,
                { subscriptionId, paidAt: order.paid.paidAt, lines: order.paid.lines, ordinal },
                subscription,
              )
            ).decision
          : NOT_PAID,
        now,
      }),
      metadata,
    );
    if (events.length === 0) return false;
    await this.posting.execute(invoiceId);
    return true;
  }
}

/** An invoice not recorded yet has nothing to attribute. */
const NOT_PAID = { attribution: null, explanation: [] };
