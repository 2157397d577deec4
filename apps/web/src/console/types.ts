/** What the console reads from the admin API (shared/API.md) and its own `/v1/console/*` reads. */
export interface Rules {
  version: number;
  currency: string;
  cookieWindowDays: number;
  attributionModel: 'last_click' | 'first_click';
  holdDays: number;
  minPayoutCents: number;
  defaultRateBps: number;
  autoApproveBelowCents: number;
  recurringPayments: number | null;
}

export interface RulesVersion {
  version: number;
  rules: Omit<Rules, 'version'>;
  changedAt: string;
  actor: string;
  changed: { field: string; before: unknown; after: unknown }[];
}

export interface AttributionSummary {
  affiliateId: string | null;
  commissionCents: number;
}

export interface AffiliateDelta {
  affiliateId: string;
  deltaCents: number;
}

/** `POST /v1/admin/reattributions`'s answer. */
export interface ReattributionResult {
  reattributionId: string;
  ordersExamined: number;
  changes: { orderId: string; before: AttributionSummary; after: AttributionSummary }[];
  deltaByAffiliate: AffiliateDelta[];
  dryRun: boolean;
  appliedAt?: string;
  from: string;
  to: string;
  rules: Omit<Rules, 'version'>;
  rulesVersion: number;
}

/** `GET /v1/console/reattributions`: one applied re-attribution. */
export interface AppliedReattribution {
  reattributionId: string;
  from: string;
  to: string;
  rules: Omit<Rules, 'version'>;
  rulesVersion: number;
  ordersExamined: number;
  ordersMoved: number;
  deltaByAffiliate: AffiliateDelta[];
  appliedAt: string;
  actor: string;
}

/** `GET /v1/admin/affiliates`: what the console shows of an affiliate. */
export interface Affiliate {
  affiliateId: string;
  name: string;
  email: string;
  refCode: string;
  status: 'active' | 'suspended';
  productScope: 'all' | string[];
  rateBps?: number | null;
  promoCodes?: string[];
  [field: string]: unknown;
}
