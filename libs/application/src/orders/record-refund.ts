import {
  closeDispute,
  refundOrder,
  streams,
  type CloseDispute,
  type RefundOrder,
} from '@threadtrak/ledger';
import { evolveOrder, initialOrder, type OrderEvent, type OrderState } from '@threadtrak/ledger';
import type { EventLog } from '../event-log';
import type { PostOrder } from './post-order';

/**
 * `POST /v1/orders/{orderId}/refunds`, Stripe's `charge.refunded` and `charge.dispute.closed`. Recorded on
 * the order (even before the order itself arrives), then posted to the affiliate's ledger.
 */
export class RecordRefund {
  constructor(
    private readonly log: EventLog,
    private readonly posting: PostOrder,
  ) {}

  /** `orderKnown`: whether the order itself has arrived (else the refund waits for it). */
  async refund(
    command: RefundOrder,
    metadata: { actor: string; correlationId?: string },
  ): Promise<{ created: boolean; orderKnown: boolean }> {
    const answer = await this.log.decide<
      OrderState,
      OrderEvent,
      { created: boolean; orderKnown: boolean }
    >(
      streams.order(command.orderId),
      () => initialOrder,
      evolveOrder,
      (state) => {
        const orderKnown = state.paid !== null;
        const outcome = refundOrder(state, command);
        if (outcome.kind === 'already_refunded')
          return { events: [], result: { created: false, orderKnown } };
        return {
          events: [
            { event: outcome.event, cause: `refund:${command.orderId}:${command.refundId}` },
          ],
          result: { created: true, orderKnown },
        };
      },
      metadata,
    );
    await this.posting.execute(command.orderId);
    return answer;
  }

  /**
   * Stripe's `charge.refunded` carries the charge's cumulative refunded amount. Recorded as the increase
   * over the largest amount seen so far, so redeliveries and out-of-order deliveries add nothing twice.
   */
  async stripeRefund(
    command: { orderId: string; chargeId: string; cumulativeCents: number; refundedAt: string },
    metadata: { actor: string; correlationId?: string },
  ): Promise<{ created: boolean }> {
    const created = await this.log.decide<OrderState, OrderEvent, boolean>(
      streams.order(command.orderId),
      () => initialOrder,
      evolveOrder,
      (state) => {
        const prefix = `${command.chargeId}:`;
        const seen = state.refunds
          .filter((refund) => refund.refundId.startsWith(prefix))
          .reduce((total, refund) => total + (refund.amountCents ?? 0), 0);
        const increase = command.cumulativeCents - seen;
        if (increase <= 0) return { events: [], result: false };
        const outcome = refundOrder(state, {
          orderId: command.orderId,
          refundId: `${prefix}${command.cumulativeCents}`,
          refundedAt: command.refundedAt,
          amountCents: increase,
          source: 'stripe',
        });
        if (outcome.kind === 'already_refunded') return { events: [], result: false };
        return {
          events: [
            {
              event: outcome.event,
              cause: `refund:${command.orderId}:${outcome.event.data.refundId}`,
            },
          ],
          result: true,
        };
      },
      metadata,
    );
    await this.posting.execute(command.orderId);
    return { created };
  }

  async dispute(
    command: CloseDispute,
    metadata: { actor: string; correlationId?: string },
  ): Promise<{ created: boolean }> {
    const created = await this.log.decide<OrderState, OrderEvent, boolean>(
      streams.order(command.orderId),
      () => initialOrder,
      evolveOrder,
      (state) => {
        const event = closeDispute(state, command);
        return event
          ? {
              events: [
                {
                  event,
                  cause: `dispute:${command.disputeId}:${command.status}:${command.closedAt}`,
                },
              ],
              result: true,
            }
          : { events: [], result: false };
      },
      metadata,
    );
    await this.posting.execute(command.orderId);
    return { created };
  }
}
