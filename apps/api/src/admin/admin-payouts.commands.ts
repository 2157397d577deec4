import { Inject, NotFoundException } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import { affiliateOfPayout, Payouts, type Clock } from '@threadtrak/application';
import {
  DashboardQueries,
  PAYOUT_STATUSES,
  type Dashboard,
  type Page,
  type PayoutAttentionView,
  type PayoutView,
} from '@threadtrak/read-models';
import { CLOCK } from '@threadtrak/wiring';
import { dashboardRange, positiveInt } from '../http/query-params';
import { badInput } from '../http/validation';

type Params = Record<string, unknown>;
type Decision<Status extends string> = {
  payoutId: string;
  status: Status;
  amountCents: number | undefined;
};

/** `POST /v1/admin/payouts/{payoutId}/approve`: the saga sends it next. */
export class ApprovePayoutCommand extends Command<Decision<'approved'>> {
  constructor(
    readonly payoutId: string,
    readonly actor: string,
  ) {
    super();
  }
}

/** `POST /v1/admin/payouts/{payoutId}/reject`: the amount returns to the due balance. */
export class RejectPayoutCommand extends Command<Decision<'rejected'>> {
  constructor(
    readonly payoutId: string,
    readonly reason: string,
    readonly actor: string,
  ) {
    super();
  }
}

/**
 * Extension: an open payout the saga cannot settle goes back to due, once the admin has checked with the
 * provider that nothing was paid.
 */
export class CancelPayoutCommand extends Command<Decision<'cancelled'>> {
  constructor(
    readonly payoutId: string,
    readonly reason: string,
    readonly providerChecked: true,
    readonly actor: string,
  ) {
    super();
  }
}

/** `GET /v1/admin/payouts?status&limit&cursor`. */
export class PayoutsByStatusQuery extends Query<Page<PayoutView>> {
  constructor(readonly params: Params) {
    super();
  }
}

/**
 * `GET /v1/admin/payouts/attention`: open payouts the saga leaves to an operator, from the payouts read
 * model (what the saga recorded in the log), so an api process without the saga answers the same.
 */
export class PayoutsNeedingAttentionQuery extends Query<PayoutAttentionView[]> {}

/** `GET /v1/admin/dashboard?from&to&campaign`: program totals, the affiliate dashboard's shape. */
export class ProgramDashboardQuery extends Query<Dashboard> {
  constructor(readonly params: Params) {
    super();
  }
}

/** The affiliate whose ledger holds the payout: it is in the payout id. */
const affiliateOf = (payoutId: string): string => {
  const affiliateId = affiliateOfPayout(payoutId);
  if (!affiliateId)
    throw new NotFoundException({
      error: { code: 'payout_not_found', message: `no payout ${payoutId}` },
    });
  return affiliateId;
};

@CommandHandler(ApprovePayoutCommand)
export class ApprovePayoutHandler implements ICommandHandler<ApprovePayoutCommand> {
  constructor(private readonly payouts: Payouts) {}

  async execute({ payoutId, actor }: ApprovePayoutCommand): Promise<Decision<'approved'>> {
    const event = await this.payouts.approve(affiliateOf(payoutId), payoutId, 'admin', actor);
    return { payoutId, status: 'approved', amountCents: event?.data.amountCents };
  }
}

@CommandHandler(RejectPayoutCommand)
export class RejectPayoutHandler implements ICommandHandler<RejectPayoutCommand> {
  constructor(private readonly payouts: Payouts) {}

  async execute({ payoutId, reason, actor }: RejectPayoutCommand): Promise<Decision<'rejected'>> {
    const event = await this.payouts.reject(affiliateOf(payoutId), payoutId, reason, actor);
    return { payoutId, status: 'rejected', amountCents: event?.data.amountCents };
  }
}

@CommandHandler(CancelPayoutCommand)
export class CancelPayoutHandler implements ICommandHandler<CancelPayoutCommand> {
  constructor(private readonly payouts: Payouts) {}

  async execute(command: CancelPayoutCommand): Promise<Decision<'cancelled'>> {
    const { payoutId, reason, providerChecked, actor } = command;
    const event = await this.payouts.cancel(
      affiliateOf(payoutId),
      payoutId,
      { reason, providerChecked },
      actor,
    );
    return { payoutId, status: 'cancelled', amountCents: event?.data.amountCents };
  }
}

const STATUSES: readonly string[] = PAYOUT_STATUSES;

@QueryHandler(PayoutsByStatusQuery)
export class PayoutsByStatusHandler implements IQueryHandler<PayoutsByStatusQuery> {
  constructor(private readonly queries: DashboardQueries) {}

  execute({ params }: PayoutsByStatusQuery): Promise<Page<PayoutView>> {
    const status = params.status;
    if (status !== undefined && !STATUSES.includes(String(status)))
      throw badInput(`status must be one of ${STATUSES.join(', ')}`, [
        { field: 'status', problems: ['unknown status'] },
      ]);
    return this.queries.payoutsByStatus(status as (typeof PAYOUT_STATUSES)[number] | undefined, {
      ...(params.limit !== undefined ? { limit: positiveInt(params.limit, 'limit') } : {}),
      ...(typeof params.cursor === 'string' ? { cursor: params.cursor } : {}),
    });
  }
}

@QueryHandler(PayoutsNeedingAttentionQuery)
export class PayoutsNeedingAttentionHandler implements IQueryHandler<PayoutsNeedingAttentionQuery> {
  constructor(private readonly queries: DashboardQueries) {}

  execute(): Promise<PayoutAttentionView[]> {
    return this.queries.payoutsNeedingAttention();
  }
}

@QueryHandler(ProgramDashboardQuery)
export class ProgramDashboardHandler implements IQueryHandler<ProgramDashboardQuery> {
  constructor(
    private readonly queries: DashboardQueries,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute({ params }: ProgramDashboardQuery): Promise<Dashboard> {
    return this.queries.programDashboard(dashboardRange(params, this.clock.now()));
  }
}
