import type { EventLog } from '../event-log';
import { loadOrder } from './post-order';

/** `GET /v1/admin/orders/{orderId}`: the order, the decision recorded with it, and what happened since. */
export class ExplainOrder {
  constructor(private readonly log: EventLog) {}

  async execute(orderId: string) {
    const { state } = await loadOrder(this.log, orderId);
    if (!state.paid && state.refunds.length === 0) return null;
    const paid = state.paid;
    return {
      orderId,
      status: paid ? 'paid' : 'awaiting_payment',
      order: paid && {
        paidAt: paid.paidAt,
        currency: paid.currency,
        lines: paid.lines,
        totalCents: paid.totalCents,
        clickId: paid.clickId ?? null,
        visitorId: paid.visitorId ?? null,
        source: paid.source,
      },
      rulesVersion: paid?.rulesVersion ?? null,
      attributed: Boolean(state.attribution),
      attribution: state.attribution,
      checks: paid?.explanation ?? [],
      commissionCents: state.attribution?.commissionCents ?? 0,
      commissionId: state.attribution ? state.commissionId : null,
      refunds: state.refunds,
      disputes: state.disputes,
    };
  }
}
