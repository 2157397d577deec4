import type { RecordedEvent } from '@threadtrak/event-store';
import {
  applyMovement,
  assertNever,
  isLedgerEvent,
  streams,
  ZERO_BALANCES,
  type Balances,
  type CommissionEvent,
  type LedgerEvent,
  type PayoutEvent,
} from '@threadtrak/ledger';
import { CommissionChecks } from './commission-checks';
import { Findings, type InvariantResult } from './findings';
import { PayoutChecks } from './payout-checks';

export interface AffiliateBalances extends Balances {
  affiliateId: string;
}

export interface ReplayResult {
  affiliates: AffiliateBalances[];
  totals: Balances;
  invariants: InvariantResult[];
}

/**
 * Every affiliate's balances, replayed event by event with the ledger's own `applyMovement` (the function
 * the projections use), and the facts the invariants need. Fed one event at a time: memory grows with
 * affiliates, commissions and clicks, never with the number of events.
 */
export class LedgerReplay {
  private readonly balances = new Map<string, Balances>();
  private readonly findings = new Findings();
  private readonly commissions = new CommissionChecks(this.findings);
  private readonly payouts = new PayoutChecks(this.findings, this.commissions.commissions);

  apply(recorded: RecordedEvent): void {
    if (!isLedgerEvent(recorded)) return;
    const event = { type: recorded.type, data: recorded.data } as LedgerEvent;
    try {
      this.applyLedgerEvent(event, recorded);
    } catch (error) {
      // Only a malformed event gets here (a field of the wrong kind): reported, never thrown.
      this.findings.violation(
        'events_well_formed',
        `${recorded.type} at position ${recorded.position} cannot be read: ${(error as Error).message}`,
      );
    }
  }

  finish(): ReplayResult {
    this.commissions.finish(this.balances);
    const affiliates = [...this.balances]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([affiliateId, balances]) => ({ affiliateId, ...balances }));
    const totals = { ...ZERO_BALANCES };
    for (const affiliate of affiliates) {
      this.findings.checkedOne('balances_add_up');
      if (!addsUp(affiliate))
        this.findings.violation(
          'balances_add_up',
          `${affiliate.affiliateId}: ${identity(affiliate)}`,
        );
      for (const key of Object.keys(totals) as (keyof Balances)[]) totals[key] += affiliate[key];
    }
    if (!addsUp(totals)) this.findings.violation('balances_add_up', `totals: ${identity(totals)}`);
    return { affiliates, totals, invariants: this.findings.results() };
  }

  private applyLedgerEvent(event: LedgerEvent, recorded: RecordedEvent): void {
    switch (event.type) {
      case 'AffiliateRegistered':
        this.balancesOf(event.data.affiliateId);
        return;
      case 'ClickRecorded':
        this.commissions.onClick(event.data);
        return;
      case 'OrderPaid':
        this.commissions.onAttribution(
          event.data.orderId,
          event.data.attribution,
          recorded.position,
        );
        return;
      case 'OrderAttributed':
        this.commissions.onAttribution(
          event.data.orderId,
          event.data.attribution,
          recorded.position,
        );
        return;
      case 'OrderReattributed':
        this.commissions.onAttribution(
          `${event.data.orderId}~${event.data.reattributionId}`,
          event.data.attribution,
          recorded.position,
        );
        return;
      case 'CommissionEarned':
      case 'CommissionDue':
      case 'CommissionReversed':
      case 'CommissionRestored':
      case 'PayoutRequested':
      case 'PayoutApproved':
      case 'PayoutRejected':
      case 'PayoutSent':
      case 'PayoutFailed':
      case 'PayoutCancelled':
        return this.applyMoney(event, recorded);
      case 'PromoCodeClaimed':
        return this.commissions.onPromoCodeClaimed(event.data);
      case 'ProgramRulesChanged':
      case 'ProductListed':
      case 'AffiliateUpdated':
      case 'PayoutAccountSet':
      case 'RefCodeClaimed':
      case 'ApiKeyIssued':
      case 'ApiKeyRevoked':
      case 'PromoCodesSet':
      case 'PromoCodeReleased':
      case 'SubscriptionBound':
      case 'SubscriptionInvoicePaid':
      case 'SubscriptionReattributed':
      case 'AffiliateInviteIssued':
      case 'AffiliatePasswordSet':
      case 'OrderRefunded':
      case 'OrderDisputeClosed':
      case 'ReattributionApplied':
      case 'PayoutAttentionRaised':
      case 'PayoutAttentionCleared':
        return;
      default:
        return assertNever(event);
    }
  }

  private applyMoney(event: CommissionEvent | PayoutEvent, recorded: RecordedEvent): void {
    const problem = malformation(event, recorded.streamName);
    this.findings.checkedOne('events_well_formed');
    if (problem) {
      // Not applied: a wrong amount would only turn every balance after it into noise.
      this.findings.violation(
        'events_well_formed',
        `${event.type} at position ${recorded.position} ${problem}`,
      );
      return;
    }
    const before = this.balancesOf(event.data.affiliateId);
    if (event.type.startsWith('Payout'))
      this.payouts.onPayout(event as PayoutEvent, before, recorded.position);
    else this.commissions.onCommission(event as CommissionEvent, recorded.position);
    this.balances.set(event.data.affiliateId, applyMovement(before, event));
  }

  private balancesOf(affiliateId: string): Balances {
    let balances = this.balances.get(affiliateId);
    if (!balances) this.balances.set(affiliateId, (balances = ZERO_BALANCES));
    return balances;
  }
}

const malformation = (event: CommissionEvent | PayoutEvent, streamName: string): string | null => {
  const { affiliateId, amountCents } = event.data;
  if (typeof affiliateId !== 'string' || affiliateId === '') return 'names no affiliate';
  if (streamName !== streams.ledger(affiliateId))
    return `is in stream ${streamName}, not in ${streams.ledger(affiliateId)}`;
  if (!Number.isSafeInteger(amountCents) || amountCents < 0)
    return `moves ${JSON.stringify(amountCents)} cents`;
  if ('balance' in event.data && event.data.balance !== 'pending' && event.data.balance !== 'due')
    return `names the balance ${JSON.stringify(event.data.balance)}`;
  if (event.type === 'PayoutRequested' && !Array.isArray(event.data.commissionIds))
    return 'carries no list of commissions';
  return null;
};

const addsUp = (b: Balances): boolean =>
  b.earnedCents - b.reversedCents === b.pendingCents + b.dueCents + b.requestedCents + b.paidCents;

const identity = (b: Balances): string =>
  `earned ${b.earnedCents} − reversed ${b.reversedCents} ≠ pending ${b.pendingCents} + due ${b.dueCents} + requested ${b.requestedCents} + paid ${b.paidCents}`;
