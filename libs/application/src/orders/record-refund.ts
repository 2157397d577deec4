import {
  streams,
  type CloseDispute,
  type OrderCommand,
  type RefundOrder,
} from '@threadtrak/ledger';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';
import { orderHandler } from '../stream-handlers';
import type { PostOrder } from './post-order';

/** A refund racing the order or another refund decides once more on the fresh order, then answers 409. */
const onOrder = orderHandler(retryOnConflict(1));

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
    const { state, events } = await this.record(
      command.orderId,
      { type: 'RefundOrder', refund: command },
      metadata,
    );
    return { created: events.length > 0, orderKnown: state.paid !== null };
  }

  /**
   * Stripe's `charge.refunded` carries the charge's cumulative refunded amount. Recorded as the increase
   * over the largest amount seen so far, so redeliveries and out-of-order deliveries add nothing twice.
   */
  async stripeRefund(
    command: { orderId: string; chargeId: string; cumulativeCents: number; refundedAt: string },
    metadata: { actor: string; correlationId?: string },
  ): Promise<{ created: boolean }> {
    const { events } = await this.record(
      command.orderId,
      { type: 'RecordChargeRefunded', ...command },
      metadata,
    );
    return { created: events.length > 0 };
  }

  async dispute(
    command: CloseDispute,
    metadata: { actor: string; correlationId?: string },
  ): Promise<{ created: boolean }> {
    const { events } = await this.record(
      command.orderId,
      { type: 'CloseDispute', dispute: command },
      metadata,
    );
    return { created: events.length > 0 };
  }

  private async record(
    orderId: string,
    command: OrderCommand,
    metadata: { actor: string; correlationId?: string },
  ) {
    const handled = await handleCommand(
      this.log,
      onOrder,
      streams.order(orderId),
      command,
      metadata,
    );
    await this.posting.execute(orderId);
    return handled;
  }
}
