/** The program's rules, versioned: every change is a new version; orders record the version that decided them. */

export type AttributionModel = 'last_click' | 'first_click';

export interface ProgramRules {
  currency: string;
  /** How long after a click its visitor's purchase still counts. */
  cookieWindowDays: number;
  attributionModel: AttributionModel;
  /** Refund hold: a commission becomes due `holdDays` after the order was paid. */
  holdDays: number;
  minPayoutCents: number;
  defaultRateBps: number;
  /** Payouts below this are approved without an admin. 0: every payout waits for an admin. */
  autoApproveBelowCents: number;
  /** How many paid invoices of a subscription earn, counting the first; null: every one. */
  recurringPayments: number | null;
}

export const DEFAULT_RULES: ProgramRules = {
  currency: 'USD',
  cookieWindowDays: 30,
  attributionModel: 'last_click',
  holdDays: 30,
  minPayoutCents: 5000,
  defaultRateBps: 1000,
  autoApproveBelowCents: 0,
  recurringPayments: 1,
};

export interface ProgramRulesChanged {
  type: 'ProgramRulesChanged';
  data: ProgramRules & { version: number; occurredAt: string };
}

export type ProgramEvent = ProgramRulesChanged;
