import { bps, days, money } from '../format';
import type { Rules } from './types';

type RuleField = Exclude<keyof Rules, 'version'>;

/** Each rule's label and how its value reads, in the program currency. */
export const RULE_LABELS: Record<RuleField, string> = {
  currency: 'Currency',
  cookieWindowDays: 'Cookie window',
  attributionModel: 'Attribution model',
  holdDays: 'Refund hold',
  minPayoutCents: 'Minimum payout',
  defaultRateBps: 'Default rate',
  autoApproveBelowCents: 'Auto-approve below',
  recurringPayments: 'Paid invoices that earn',
};

export const showRule = (field: string, value: unknown, currency: string): string => {
  if (value === null || value === undefined)
    return field === 'recurringPayments' ? 'every one' : '—';
  switch (field) {
    case 'cookieWindowDays':
    case 'holdDays':
      return days(Number(value));
    case 'minPayoutCents':
    case 'autoApproveBelowCents':
      return money(Number(value), currency);
    case 'defaultRateBps':
      return bps(Number(value));
    case 'attributionModel':
      return value === 'first_click' ? 'First click' : 'Last click';
    default:
      return String(value);
  }
};

export const labelOf = (field: string) => RULE_LABELS[field as RuleField] ?? field;
