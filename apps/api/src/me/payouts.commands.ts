import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { IQueryHandler } from '@nestjs/cqrs';
import { Payouts } from '@threadtrak/application';
import { DashboardQueries, type PayoutView } from '@threadtrak/read-models';
import { badInput } from '../http/validation';

type Requested = { payoutId: string; amountCents: number; currency: string; status: 'requested' };

/** `POST /v1/me/payouts`: the whole due balance; a repeat with the same `Idempotency-Key` answers the first. */
export class RequestPayoutCommand extends Command<Requested> {
  constructor(
    readonly affiliateId: string,
    readonly idempotencyKey: string | undefined,
  ) {
    super();
  }
}

/** The affiliate's payouts, newest request first. */
export class PayoutsQuery extends Query<PayoutView[]> {
  constructor(readonly affiliateId: string) {
    super();
  }
}

@CommandHandler(RequestPayoutCommand)
export class RequestPayoutHandler implements ICommandHandler<RequestPayoutCommand> {
  constructor(private readonly payouts: Payouts) {}

  async execute({ affiliateId, idempotencyKey }: RequestPayoutCommand): Promise<Requested> {
    if (idempotencyKey !== undefined && !/^[A-Za-z0-9_.:-]{1,128}$/.test(idempotencyKey)) {
      throw badInput('Idempotency-Key must be 1 to 128 of A-Z a-z 0-9 _ . : -', [
        'Idempotency-Key',
      ]);
    }
    const payout = await this.payouts.request(
      affiliateId,
      idempotencyKey,
      `affiliate:${affiliateId}`,
    );
    return {
      payoutId: payout.payoutId,
      amountCents: payout.amountCents,
      currency: payout.currency,
      status: 'requested',
    };
  }
}

@QueryHandler(PayoutsQuery)
export class PayoutsHandler implements IQueryHandler<PayoutsQuery> {
  constructor(private readonly queries: DashboardQueries) {}

  execute({ affiliateId }: PayoutsQuery) {
    return this.queries.payouts(affiliateId);
  }
}
