import type { ProgramRules } from '../program/program-rules';

/** Stream `reattribution-{reattributionId}`; its compensating ledger entries carry the same id. */
export interface ReattributionApplied {
  type: 'ReattributionApplied';
  data: {
    reattributionId: string;
    from: string;
    to: string;
    rules: ProgramRules;
    ordersExamined: number;
    changes: {
      orderId: string;
      before: { affiliateId: string | null; commissionCents: number };
      after: { affiliateId: string | null; commissionCents: number };
    }[];
    occurredAt: string;
  };
}

export type ReattributionEvent = ReattributionApplied;
