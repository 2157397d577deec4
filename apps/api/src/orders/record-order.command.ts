import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  checkOrderRules,
  RecordOrder,
  type Clock,
  type RecordOrderAnswer,
  type RecordOrderRequest,
} from '@threadtrak/application';
import { CLOCK } from '@threadtrak/wiring';

type Result = { created: boolean; answer: RecordOrderAnswer };

/** A paid order, from `POST /v1/orders` or a Stripe Checkout Session. */
export class RecordOrderCommand extends Command<Result> {
  constructor(
    readonly order: RecordOrderRequest,
    readonly source: 'api' | 'stripe',
    readonly metadata: { actor: string; correlationId?: string },
  ) {
    super();
  }
}

/** The order rules, then the order: both doors obey the same rules. */
@CommandHandler(RecordOrderCommand)
export class RecordOrderHandler implements ICommandHandler<RecordOrderCommand> {
  constructor(
    private readonly recordOrder: RecordOrder,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ order, source, metadata }: RecordOrderCommand): Promise<Result> {
    checkOrderRules(order, this.clock.now());
    return this.recordOrder.execute(order, source, metadata);
  }
}
