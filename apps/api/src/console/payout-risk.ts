import type { LedgerEvent } from '@threadtrak/ledger';

/** A reason to look twice before approving a payout; never a refusal. */
export interface RiskHint {
  code: 'new_account' | 'payout_account_changed' | 'self_referral' | 'fast_orders';
  detail: string;
}

/** What the approval queue shows beside a payout: the affiliate's history and the risk hints. */
export interface AffiliateRisk {
  name: string;
  refCode: string;
  registeredAt?: string;
  /** The last time the payout account was set or changed. */
  payoutAccountSetAt?: string;
  payoutAccountChanges: number;
  earnedCents: number;
  reversedCents: number;
  /** Sent before: what the affiliate has already been paid. */
  paidCents: number;
  payoutsSent: number;
  /** Orders whose customer email is the affiliate's own. */
  selfReferralOrders: number;
  /** Median seconds from the winning click to the payment, over the affiliate's attributed orders. */
  medianClickToOrderSeconds: number | null;
}

/** An account younger than this when it asks to be paid is new. */
export const NEW_ACCOUNT_DAYS = 30;
/** A payout account set this close to the request is recent. */
export const RECENT_ACCOUNT_DAYS = 7;
/** Orders this many times faster than the program's median click-to-order time are suspicious. */
export const FAST_ORDER_FACTOR = 10;

const DAY_MS = 86_400_000;

export const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const at = (index: number) => sorted[index] ?? 0;
  return sorted.length % 2 ? at(middle) : (at(middle - 1) + at(middle)) / 2;
};

/** The console's risk fold: one pass over the log gives each affiliate's history and click timings. */
export class PayoutRiskFold {
  private readonly affiliates = new Map<string, AffiliateRisk>();
  private readonly emailOwners = new Map<string, string>();
  private readonly clickTimes = new Map<string, number>();
  private readonly delays = new Map<string, number[]>();

  private of(affiliateId: string): AffiliateRisk {
    let risk = this.affiliates.get(affiliateId);
    if (!risk) {
      risk = {
        name: affiliateId,
        refCode: '',
        payoutAccountChanges: 0,
        earnedCents: 0,
        reversedCents: 0,
        paidCents: 0,
        payoutsSent: 0,
        selfReferralOrders: 0,
        medianClickToOrderSeconds: null,
      };
      this.affiliates.set(affiliateId, risk);
    }
    return risk;
  }

  observe(event: LedgerEvent): void {
    switch (event.type) {
      case 'AffiliateRegistered': {
        const risk = this.of(event.data.affiliateId);
        risk.name = event.data.name;
        risk.refCode = event.data.refCode;
        risk.registeredAt = event.data.occurredAt;
        this.emailOwners.set(event.data.emailHash, event.data.affiliateId);
        return;
      }
      case 'PayoutAccountSet': {
        const risk = this.of(event.data.affiliateId);
        risk.payoutAccountSetAt = event.data.occurredAt;
        risk.payoutAccountChanges += 1;
        return;
      }
      case 'ClickRecorded':
        this.clickTimes.set(event.data.clickId, Date.parse(event.data.occurredAt));
        return;
      case 'OrderPaid': {
        const { customerEmailHash, attribution, paidAt } = event.data;
        const owner = customerEmailHash ? this.emailOwners.get(customerEmailHash) : undefined;
        if (owner) this.of(owner).selfReferralOrders += 1;
        const clickedAt = attribution?.clickId
          ? this.clickTimes.get(attribution.clickId)
          : undefined;
        if (attribution && clickedAt !== undefined) {
          const delays = this.delays.get(attribution.affiliateId) ?? [];
          delays.push(Math.max(0, (Date.parse(paidAt) - clickedAt) / 1000));
          this.delays.set(attribution.affiliateId, delays);
        }
        return;
      }
      case 'CommissionEarned':
        this.of(event.data.affiliateId).earnedCents += event.data.amountCents;
        return;
      case 'CommissionReversed':
        this.of(event.data.affiliateId).reversedCents += event.data.amountCents;
        return;
      case 'CommissionRestored':
        this.of(event.data.affiliateId).reversedCents -= event.data.amountCents;
        return;
      case 'PayoutSent': {
        const risk = this.of(event.data.affiliateId);
        risk.paidCents += event.data.amountCents;
        risk.payoutsSent += 1;
        return;
      }
      default:
        return;
    }
  }

  /** The program's median click-to-order time, over every attributed order with a known click. */
  programMedianSeconds(): number | null {
    return median([...this.delays.values()].flat());
  }

  affiliate(affiliateId: string): AffiliateRisk {
    const risk = this.of(affiliateId);
    return { ...risk, medianClickToOrderSeconds: median(this.delays.get(affiliateId) ?? []) };
  }
}

const ago = (from: string, to: string) => {
  const days = Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);
  return days <= 0 ? 'on the day of' : days === 1 ? '1 day before' : `${days} days before`;
};

/** The hints for one payout request, given its affiliate's risk and the program's median. */
export const hintsFor = (
  risk: AffiliateRisk,
  requestedAt: string,
  programMedianSeconds: number | null,
): RiskHint[] => {
  const hints: RiskHint[] = [];
  const requested = Date.parse(requestedAt);
  if (risk.registeredAt && requested - Date.parse(risk.registeredAt) < NEW_ACCOUNT_DAYS * DAY_MS)
    hints.push({
      code: 'new_account',
      detail: `Registered ${ago(risk.registeredAt, requestedAt)} the request.`,
    });
  if (
    risk.payoutAccountSetAt &&
    requested - Date.parse(risk.payoutAccountSetAt) < RECENT_ACCOUNT_DAYS * DAY_MS
  )
    hints.push({
      code: 'payout_account_changed',
      detail: `Payout account ${risk.payoutAccountChanges > 1 ? 'changed' : 'set'} ${ago(risk.payoutAccountSetAt, requestedAt)} the request.`,
    });
  if (risk.selfReferralOrders > 0)
    hints.push({
      code: 'self_referral',
      detail: `${risk.selfReferralOrders} order(s) paid with the affiliate's own email.`,
    });
  const own = risk.medianClickToOrderSeconds;
  if (
    own !== null &&
    programMedianSeconds !== null &&
    own * FAST_ORDER_FACTOR < programMedianSeconds
  )
    hints.push({
      code: 'fast_orders',
      detail: `Median click-to-order ${Math.round(own)} s, the program's ${Math.round(programMedianSeconds)} s.`,
    });
  return hints;
};
