import { MAX_RATE_BPS } from '../money';
import { DEFAULT_RULES, type ProgramRules } from '../program/program-rules';
import { refuse } from '../refusal';

/** What ops asks for: orders paid in [from, to) re-decided under `rules` merged over the program's rules. */
export interface ReattributionRequest {
  from: string;
  to: string;
  /** Overrides of the program's rules; absent: the rules in force. */
  rules?: Partial<ProgramRules>;
}

/** The request made exact: instants normalised, the rules complete. */
export interface ReattributionPlanKey {
  from: string;
  to: string;
  rules: ProgramRules;
}

const ATTRIBUTION_RULES: (keyof ProgramRules)[] = [
  'cookieWindowDays',
  'attributionModel',
  'holdDays',
  'defaultRateBps',
];

/**
 * Resolves the request against the program's rules. Only what attribution reads may differ (cookie window,
 * model, hold, default rate); the currency cannot: every order was taken in the program's currency.
 */
export const resolveReattribution = (
  request: ReattributionRequest,
  program: ProgramRules,
): ReattributionPlanKey => {
  const from = instant(request.from, 'from');
  const to = instant(request.to, 'to');
  if (Date.parse(from) >= Date.parse(to))
    refuse('invalid_range', `from (${from}) must be before to (${to})`);
  const rules: ProgramRules = { ...program };
  for (const [key, value] of Object.entries(request.rules ?? {}) as [
    keyof ProgramRules,
    unknown,
  ][]) {
    if (value === undefined) continue;
    if (key === 'currency') {
      if (value !== program.currency)
        refuse(
          'currency_mismatch',
          `the program pays in ${program.currency}; a re-attribution cannot change it`,
        );
      continue;
    }
    if (!(key in program)) refuse('invalid_rules', `unknown rule ${JSON.stringify(key)}`);
    if (!validRule(key, value)) refuse('invalid_rules', `invalid ${key}: ${JSON.stringify(value)}`);
    (rules as unknown as Record<string, unknown>)[key] = value;
  }
  return { from, to, rules };
};

/**
 * The canonical text a re-attribution id is derived from: the same range and the same complete rules give
 * the same id, whatever the key order or spelling of the request — so applying it twice changes nothing.
 * Only the rules attribution reads take part: a changed payout minimum does not make it another one.
 */
export const reattributionKey = ({ from, to, rules }: ReattributionPlanKey): string =>
  JSON.stringify([
    from,
    to,
    ...ATTRIBUTION_RULES.map((key) => [key, rules[key]]),
    // Only when not its default: the ids of re-attributions made before the rule existed stay the same.
    ...(rules.recurringPayments === DEFAULT_RULES.recurringPayments
      ? []
      : [['recurringPayments', rules.recurringPayments]]),
  ]);

const instant = (value: string, name: string): string => {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    refuse('invalid_range', `${name} is not an instant: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
};

const validRule = (key: keyof ProgramRules, value: unknown): boolean => {
  switch (key) {
    case 'attributionModel':
      return value === 'last_click' || value === 'first_click';
    case 'defaultRateBps':
      return (
        Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= MAX_RATE_BPS
      );
    case 'recurringPayments':
      return value === null || (Number.isSafeInteger(value) && (value as number) >= 1);
    case 'cookieWindowDays':
    case 'holdDays':
      return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= 3650;
    default:
      return Number.isSafeInteger(value) && (value as number) >= 0;
  }
};
