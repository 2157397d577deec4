import type { Attribution, Balances, ClickRecorded, CommissionEvent } from '@threadtrak/ledger';
import type { Findings } from './findings';

/** What the audit keeps of one commission: a few numbers, never its events. */
export interface CommissionFact {
  affiliateId: string;
  earnedCents: number;
  /** Net of restorations. */
  reversedCents: number;
  due: boolean;
  /** The sent payout that paid it. */
  paidBy: string | null;
}

/** Who a commission should go to, from the order's attribution or from the commission itself. */
interface Claim {
  affiliateId: string;
  /** Absent when a promotion code won: then the code's claim is the trace. */
  clickId?: string;
  promoCode?: string;
  amountCents: number;
  position: number;
}

/** Per affiliate, the balances as the commissions themselves add up. */
type CommissionSums = Pick<Balances, 'earnedCents' | 'reversedCents' | 'pendingCents'>;

/**
 * Traces each commission to its order and click, and keeps the per-commission facts whose sums must equal
 * the affiliate's balances. Memory: one entry per commission, per human click, and per attributed order
 * whose commission has not been seen yet.
 */
export class CommissionChecks {
  readonly commissions = new Map<string, CommissionFact>();
  private readonly sums = new Map<string, CommissionSums>();
  /** By commission id: attributions whose commission is not earned yet (normally: the next few events). */
  private readonly attributions = new Map<string, Claim>();
  /** By commission id: commissions earned before any attribution for them was seen. */
  private readonly awaitingOrder = new Map<string, Claim>();
  /** By commission id: commissions whose click was not seen yet; checked at the end. */
  private readonly awaitingClick = new Map<string, Claim>();
  /** clickId → affiliateId, human clicks only (bots are never attributed). */
  private readonly humanClicks = new Map<string, string>();
  private readonly ids = new Map<string, string>();

  constructor(private readonly findings: Findings) {}

  /** Every affiliate that ever held each promotion code (`{code}|{affiliateId}`). */
  private readonly promoCodeHolders = new Set<string>();

  onPromoCodeClaimed({ promoCode, affiliateId }: { promoCode: string; affiliateId: string }): void {
    this.promoCodeHolders.add(`${promoCode}|${affiliateId}`);
  }

  onClick({ clickId, affiliateId, bot }: ClickRecorded['data']): void {
    if (!bot) this.humanClicks.set(clickId, this.intern(affiliateId));
  }

  /** `commissionId`: `{orderId}` for OrderPaid, `{orderId}~{reattributionId}` for OrderReattributed. */
  onAttribution(commissionId: string, attribution: Attribution | null, position: number): void {
    if (!attribution || attribution.commissionCents === 0) return;
    const claim = {
      affiliateId: this.intern(attribution.affiliateId),
      clickId: attribution.clickId,
      promoCode: attribution.promoCode,
      amountCents: attribution.commissionCents,
      position,
    };
    const earned = this.awaitingOrder.get(commissionId);
    if (!earned) {
      this.attributions.set(commissionId, claim);
      return;
    }
    this.awaitingOrder.delete(commissionId);
    this.compare(commissionId, earned, claim);
  }

  onCommission(event: CommissionEvent, position: number): void {
    const { commissionId, affiliateId, amountCents } = event.data;
    if (event.type === 'CommissionEarned') {
      this.findings.checkedOne('commissions_traced');
      if (this.commissions.has(commissionId)) {
        this.findings.violation(
          'commissions_traced',
          `commission ${commissionId} earned again at position ${position}`,
        );
        return;
      }
      const id = this.intern(affiliateId);
      this.commissions.set(commissionId, {
        affiliateId: id,
        earnedCents: amountCents,
        reversedCents: 0,
        due: false,
        paidBy: null,
      });
      const sums = this.sumsOf(id);
      sums.earnedCents += amountCents;
      sums.pendingCents += amountCents;
      this.trace(commissionId, {
        affiliateId: id,
        clickId: event.data.clickId,
        promoCode: event.data.promoCode,
        amountCents,
        position,
      });
      return;
    }
    const commission = this.commissions.get(commissionId);
    if (!commission || commission.affiliateId !== affiliateId) {
      this.findings.violation(
        'commissions_sum_to_balances',
        `${event.type} at position ${position}: no commission ${commissionId} earned before it in ledger-${affiliateId}`,
      );
      return;
    }
    const sums = this.sumsOf(commission.affiliateId);
    const net = commission.earnedCents - commission.reversedCents;
    if (event.type === 'CommissionDue') {
      if (commission.due) {
        this.findings.violation(
          'commissions_sum_to_balances',
          `commission ${commissionId} made due again at position ${position}`,
        );
        return;
      }
      if (amountCents !== net) {
        this.findings.violation(
          'commissions_sum_to_balances',
          `commission ${commissionId} made due for ${amountCents} cents at position ${position}; its net was ${net}`,
        );
      }
      commission.due = true;
      sums.pendingCents -= net;
      return;
    }
    const signed = event.type === 'CommissionReversed' ? amountCents : -amountCents;
    const balance = commission.due ? 'due' : 'pending';
    if (event.data.balance !== balance) {
      this.findings.violation(
        'commissions_sum_to_balances',
        `${event.type} of ${commissionId} at position ${position} names the ${event.data.balance} balance; the commission is ${balance}`,
      );
    }
    commission.reversedCents += signed;
    if (commission.reversedCents < 0 || commission.reversedCents > commission.earnedCents) {
      this.findings.violation(
        'commissions_sum_to_balances',
        `commission ${commissionId} of ${commission.earnedCents} cents has ${commission.reversedCents} reversed after position ${position}`,
      );
    }
    sums.reversedCents += signed;
    if (!commission.due) sums.pendingCents -= signed;
  }

  /** At the end of the replay: what never found its order or click, and the sums against the balances. */
  finish(balances: ReadonlyMap<string, Balances>): void {
    for (const [commissionId, claim] of this.awaitingOrder) {
      this.findings.violation(
        'commissions_traced',
        `commission ${commissionId} (position ${claim.position}) has no order attribution to ${claim.affiliateId}`,
      );
    }
    for (const [commissionId, claim] of this.awaitingClick)
      this.checkClick(commissionId, claim, true);
    for (const [affiliateId, balance] of balances) {
      this.findings.checkedOne('commissions_sum_to_balances');
      const sums = this.sums.get(affiliateId) ?? {
        earnedCents: 0,
        reversedCents: 0,
        pendingCents: 0,
      };
      for (const key of ['earnedCents', 'reversedCents', 'pendingCents'] as const) {
        if (sums[key] !== balance[key]) {
          this.findings.violation(
            'commissions_sum_to_balances',
            `${affiliateId}: ${key} is ${balance[key]}, its commissions add up to ${sums[key]}`,
          );
        }
      }
    }
  }

  private trace(commissionId: string, earned: Claim): void {
    this.checkClick(commissionId, earned, false);
    const attribution = this.attributions.get(commissionId);
    if (!attribution) {
      this.awaitingOrder.set(commissionId, earned);
      return;
    }
    this.attributions.delete(commissionId);
    this.compare(commissionId, earned, attribution);
  }

  private compare(commissionId: string, earned: Claim, attribution: Claim): void {
    const differs = (['affiliateId', 'clickId', 'promoCode', 'amountCents'] as const).filter(
      (key) => earned[key] !== attribution[key],
    );
    if (differs.length === 0) return;
    const what = differs.map((key) => `${key} ${earned[key]} vs ${attribution[key]}`).join(', ');
    this.findings.violation(
      'commissions_traced',
      `commission ${commissionId} (position ${earned.position}) differs from its order's attribution (position ${attribution.position}): ${what}`,
    );
  }

  /** Clicks come before their orders; one not seen yet is looked for again at the end. */
  private checkClick(commissionId: string, earned: Claim, final: boolean): void {
    if (earned.clickId === undefined) {
      // Claims come before the orders that carry the code.
      if (
        earned.promoCode &&
        this.promoCodeHolders.has(`${earned.promoCode}|${earned.affiliateId}`)
      )
        return;
      if (!final) this.awaitingClick.set(commissionId, earned);
      else
        this.findings.violation(
          'commissions_traced',
          `commission ${commissionId} (position ${earned.position}): neither a click nor a promotion code of ${earned.affiliateId}`,
        );
      return;
    }
    const clicker = this.humanClicks.get(earned.clickId);
    if (clicker === undefined) {
      if (!final) this.awaitingClick.set(commissionId, earned);
      else
        this.findings.violation(
          'commissions_traced',
          `commission ${commissionId} (position ${earned.position}): no human click ${earned.clickId} recorded`,
        );
      return;
    }
    if (clicker !== earned.affiliateId) {
      this.findings.violation(
        'commissions_traced',
        `commission ${commissionId} (position ${earned.position}) is ${earned.affiliateId}'s but click ${earned.clickId} was ${clicker}'s`,
      );
    }
  }

  private sumsOf(affiliateId: string): CommissionSums {
    let sums = this.sums.get(affiliateId);
    if (!sums)
      this.sums.set(affiliateId, (sums = { earnedCents: 0, reversedCents: 0, pendingCents: 0 }));
    return sums;
  }

  /** One string per affiliate id, however many clicks and commissions name it. */
  private intern(id: string): string {
    const known = this.ids.get(id);
    if (known !== undefined) return known;
    this.ids.set(id, id);
    return id;
  }
}
