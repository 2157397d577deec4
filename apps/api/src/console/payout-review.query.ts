import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@threadtrak/event-store';
import { isLedgerEvent } from '@threadtrak/ledger';
import { DashboardQueries, type PayoutView } from '@threadtrak/read-models';
import { EVENT_STORE } from '@threadtrak/wiring';
import { hintsFor, PayoutRiskFold, type AffiliateRisk, type RiskHint } from './payout-risk';

/** A payout waiting for approval, with what the approver needs beside it. */
export interface PayoutForReview extends PayoutView {
  affiliate: AffiliateRisk;
  hints: RiskHint[];
}

export interface PayoutReview {
  /** The program's median seconds from the winning click to the payment; null before any. */
  programMedianClickToOrderSeconds: number | null;
  payouts: PayoutForReview[];
}

/** `GET /v1/console/payouts/review`: the requested payouts, their affiliates' history and risk hints. */
export class PayoutReviewQuery extends Query<PayoutReview> {}

/** Bounds the queue read: a console page, not an export. */
const QUEUE_LIMIT = 200;

@QueryHandler(PayoutReviewQuery)
export class PayoutReviewHandler implements IQueryHandler<PayoutReviewQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly queries: DashboardQueries,
  ) {}

  async execute(): Promise<PayoutReview> {
    const queue = await this.queries.payoutsByStatus('requested', { limit: QUEUE_LIMIT });
    const fold = new PayoutRiskFold();
    if (queue.items.length > 0)
      for await (const event of this.store.readAll()) if (isLedgerEvent(event)) fold.observe(event);
    const programMedian = fold.programMedianSeconds();
    return {
      programMedianClickToOrderSeconds: programMedian,
      payouts: queue.items.map((payout) => {
        const affiliate = fold.affiliate(payout.affiliateId);
        return {
          ...payout,
          affiliate,
          hints: hintsFor(affiliate, payout.requestedAt, programMedian),
        };
      }),
    };
  }
}
