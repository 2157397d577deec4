/** What the audit checks, in the order it reports them. Each line is the rule, stated as it is checked. */
const INVARIANTS = {
  events_well_formed: {
    rule: 'every money event names its affiliate, is in that affiliate’s ledger stream, and moves a whole, non-negative number of cents',
    unit: 'money event',
  },
  commissions_traced: {
    rule: 'every commission is earned once, from its order’s attribution (OrderPaid, or OrderReattributed for `{orderId}~{reattributionId}`) with the same affiliate, click and amount, and that click is a recorded human (not bot) click of the same affiliate',
    unit: 'commission',
  },
  commissions_sum_to_balances: {
    rule: 'per affiliate, the commissions’ amounts sum to earned, their net reversals to reversed and the net of those not yet due to pending; every due, reversal and restoration names a commission earned before it in the same ledger; a commission becomes due once, for its net; reversals stay within 0 and its amount and name the balance it is in',
    unit: 'affiliate',
  },
  balances_add_up: {
    rule: 'earned − reversed = pending + due + requested + paid, for every affiliate and in total',
    unit: 'affiliate',
  },
  payouts_within_due: {
    rule: 'every payout request asks for more than 0 and at most the affiliate’s due balance at that point of the log, and carries only due commissions of that affiliate',
    unit: 'payout',
  },
  payout_outcomes_match_requests: {
    rule: 'every approval, sending, failure and rejection follows its payout’s request, for the same affiliate and amount; sent and failed come after the approval, rejected before it; a payout is requested once and ends (sent, failed, rejected) once',
    unit: 'payout outcome',
  },
  nothing_paid_twice: {
    rule: 'no payout is sent twice and no commission is carried by two sent payouts',
    unit: 'sent payout',
  },
} as const;

export type InvariantName = keyof typeof INVARIANTS;

export interface InvariantResult {
  name: InvariantName;
  ok: boolean;
  detail: string;
}

/** Violations kept per invariant: the count, and the first few in log order, so memory stays bounded. */
const SAMPLES = 10;

export class Findings {
  private readonly violations = new Map<InvariantName, { count: number; samples: string[] }>();
  private readonly checked = new Map<InvariantName, number>();

  checkedOne(name: InvariantName, count = 1): void {
    this.checked.set(name, (this.checked.get(name) ?? 0) + count);
  }

  violation(name: InvariantName, detail: string): void {
    const found = this.violations.get(name) ?? { count: 0, samples: [] };
    found.count++;
    if (found.samples.length < SAMPLES) found.samples.push(detail);
    this.violations.set(name, found);
  }

  results(): InvariantResult[] {
    return (Object.keys(INVARIANTS) as InvariantName[]).map((name) => {
      const { rule, unit } = INVARIANTS[name];
      const found = this.violations.get(name);
      if (!found) {
        const checked = this.checked.get(name) ?? 0;
        return {
          name,
          ok: true,
          detail: `${checked} ${unit}${checked === 1 ? '' : 's'} checked: ${rule}`,
        };
      }
      const more =
        found.count > found.samples.length
          ? `; and ${found.count - found.samples.length} more`
          : '';
      return {
        name,
        ok: false,
        detail: `${found.count} violation${found.count === 1 ? '' : 's'}: ${found.samples.join('; ')}${more}`,
      };
    });
  }
}
