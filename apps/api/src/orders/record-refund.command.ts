import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { checkRefundRules, RecordRefund } from '@threadtrak/application';
import type { RefundOrder } from '@threadtrak/ledger';

type Result = { created: boolean; orderKnown: boolean };

/** `POST /v1/orders/{orderId}/refunds`: the whole order, an amount, or single lines. */
export class RecordRefundCommand extends Command<Result> {
  constructor(
    readonly refund: RefundOrder,
    readonly metadata: { actor: string; correlationId?: string },
  ) {
    super();
  }
}

@CommandHandler(RecordRefundCommand)
export class RecordRefundHandler implements ICommandHandler<RecordRefundCommand> {
  constructor(private readonly recordRefund: RecordRefund) {}

  execute({ refund, metadata }: RecordRefundCommand): Promise<Result> {
    checkRefundRules(refund);
    return this.recordRefund.refund(refund, metadata);
  }
}
