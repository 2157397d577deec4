import type { ProgramRules } from '../program/program-rules';

/** Who earned an order and how much, before or after a re-attribution; `affiliateId: null`: nobody. */
export interface AttributionSummary {
  affiliateId: string | null;
  commissionCents: number;
}

/** One order whose affiliate or commission a re-attribution changes. */
export interface ReattributionChange {
  orderId: string;
  before: AttributionSummary;
  after: AttributionSummary;
}

/**
 * Stream `reattribution-{reattributionId}`; its compensating entries (OrderReattributed, CommissionReversed
 * `reattribution:{id}|…`, CommissionEarned `{orderId}~{id}`) carry the same id. The stream is written last,
 * so its existence says the re-attribution is complete. A large one is recorded in `parts` events of at most
 * REATTRIBUTION_PART_SIZE changes each (an event is limited to 1 MiB); they share everything but `changes`.
 */
export interface ReattributionApplied {
  type: 'ReattributionApplied';
  data: {
    reattributionId: string;
    /** The range of `paidAt`, from inclusive, to exclusive. */
    from: string;
    to: string;
    /** The rules every order of the range was re-decided under (the overrides merged over the program's). */
    rules: ProgramRules;
    /** The program version the rules were derived from; the re-decided attributions carry it. */
    rulesVersion?: number;
    ordersExamined: number;
    changes: ReattributionChange[];
    /** 0-based; absent: the only part. */
    part?: number;
    parts?: number;
    occurredAt: string;
  };
}

export type ReattributionEvent = ReattributionApplied;
