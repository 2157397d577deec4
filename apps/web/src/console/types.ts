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
