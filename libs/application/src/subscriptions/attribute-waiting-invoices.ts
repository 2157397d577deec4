import { WrongExpectedRevisionError } from '@threadtrak/event-store';
import {
  attributeAwaitingOrder,
  evolveOrder,
  initialOrder,
  streams,
  type OrderEvent,
  type OrderState,
  type SubscriptionState,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import type { PostOrder } from '../orders/post-order';
import { decideInvoice } from './invoice-attribution';

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

  /** Load, decide, append at the revision read; a concurrent change of the order (a refund) means once more. */
  private async attributeOne(
    subscription: SubscriptionState,
    subscriptionId: string,
    invoiceId: string,
    ordinal: number,
    metadata: { actor: string; correlationId?: string },
  ) {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.log.load<OrderState, OrderEvent>(
        streams.order(invoiceId),
        initialOrder,
        evolveOrder,
      );
      if (!state.paid) return false;
      const { decision } = await decideInvoice(
        this.facts,
        { subscriptionId, paidAt: state.paid.paidAt, lines: state.paid.lines, ordinal },
        subscription,
      );
      const event = attributeAwaitingOrder(state, decision, this.clock.now().toISOString());
      if (!event) return false;
      try {
        await this.log.append(
          streams.order(invoiceId),
          [{ event, cause: `attributed:${invoiceId}` }],
          revision,
          metadata,
        );
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < 3) continue;
        throw error;
      }
      await this.posting.execute(invoiceId);
      return true;
    }
  }
}
