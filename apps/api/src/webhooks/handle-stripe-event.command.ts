import { Inject, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  BindSubscription,
  Directory,
  Facts,
  RecordInvoice,
  RecordRefund,
  StripeCommerce,
  stripeReads,
  type Clock,
} from '@threadtrak/application';
import { Refusal } from '@threadtrak/ledger';
import { CLOCK } from '@threadtrak/wiring';
import type Stripe from 'stripe';
import { SaveStripeAccountCommand } from '../me/payout-account.commands';
import { RecordOrderCommand } from '../orders/record-order.command';
import { StripeEvents } from './stripe-events';

type Answer = Record<string, unknown>;

/** A verified Stripe event. */
export class HandleStripeEventCommand extends Command<Answer> {
  constructor(readonly event: Stripe.Event) {
    super();
  }
}

/**
 * What each Stripe event means to the ledger (see StripeCommerce). Every recorded fact takes its id from
 * its Stripe cause, so redeliveries and any arrival order converge. A rule's refusal (an order paid more
 * than 5 minutes ahead, a negative amount, another currency) is acknowledged with 200 and `refused`, and
 * recorded nothing: the same event would be refused again, so Stripe must not retry it. Our own failures
 * (a store down, a concurrent change) stay errors, and Stripe retries them.
 */
@CommandHandler(HandleStripeEventCommand)
export class HandleStripeEventHandler implements ICommandHandler<HandleStripeEventCommand> {
  private readonly logger = new Logger('stripe-webhook');
  private readonly commerce: StripeCommerce | null;

  constructor(
    events: StripeEvents,
    directory: Directory,
    facts: Facts,
    recordRefund: RecordRefund,
    bindSubscription: BindSubscription,
    recordInvoice: RecordInvoice,
    @Inject(CLOCK) clock: Clock,
    private readonly commands: CommandBus,
  ) {
    this.commerce =
      events.client &&
      new StripeCommerce(
        stripeReads(events.client),
        directory,
        facts,
        (order, metadata) =>
          this.commands.execute(new RecordOrderCommand(order, 'stripe', metadata)),
        recordRefund,
        bindSubscription,
        recordInvoice,
        clock,
      );
  }

  async execute({ event }: HandleStripeEventCommand): Promise<Answer> {
    try {
      return await this.handle(event);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.logger.warn(`Stripe event ${event.id} (${event.type}) refused: ${error.message}`);
      return { refused: { code: error.code, message: error.message } };
    }
  }

  private handle(event: Stripe.Event): Promise<Answer> {
    const commerce = this.commerce!;
    const metadata = { actor: 'stripe', correlationId: event.id };
    const at = new Date(event.created * 1000).toISOString();
    switch (event.type) {
      case 'checkout.session.completed':
        return commerce.checkoutCompleted(event.data.object, at, metadata);
      case 'invoice.paid':
        return commerce.invoicePaid(event.data.object, at, metadata);
      case 'charge.refunded':
        return commerce.chargeRefunded(event.data.object, at, metadata);
      case 'charge.dispute.closed':
        return commerce.disputeClosed(event.data.object, at, metadata);
      case 'account.updated':
        return this.commands
          .execute(new SaveStripeAccountCommand(event.data.object))
          .then((account) => ({ account }));
      default:
        return Promise.resolve({ ignored: event.type });
    }
  }
}
