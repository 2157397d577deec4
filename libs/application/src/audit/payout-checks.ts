import { assertNever, type Balances, type PayoutEvent } from '@threadtrak/ledger';
import type { CommissionFact } from './commission-checks';
import type { Findings } from './findings';

type Ended = 'sent' | 'failed' | 'rejected' | 'cancelled';

interface OpenPayout {
  affiliateId: string;
  amountCents: number;
  commissionIds: string[];
  approved: boolean;
}

/**
 * Follows each payout from its request to its end. Memory: the open payouts (one per affiliate at most on
 * an honest log) with their commission ids, and one word per ended payout.
 */
export class PayoutChecks {
  private readonly open = new Map<string, OpenPayout>();
  private readonly ended = new Map<string, Ended>();

  constructor(
    private readonly findings: Findings,
    private readonly commissions: ReadonlyMap<string, CommissionFact>,
  ) {}

  /** `before`: the affiliate's balances just before this event. */
  onPayout(event: PayoutEvent, before: Balances, position: number): void {
    const { payoutId, affiliateId, amountCents } = event.data;
    const at = `payout ${payoutId} (position ${position})`;
    if (event.type === 'PayoutRequested') {
      this.findings.checkedOne('payouts_within_due');
      if (this.open.has(payoutId) || this.ended.has(payoutId)) {
        this.findings.violation('payout_outcomes_match_requests', `${at} requested again`);
        return;
      }
      if (amountCents <= 0 || amountCents > before.dueCents) {
        this.findings.violation(
          'payouts_within_due',
          `${at} asks for ${amountCents} cents; ${affiliateId}'s due balance was ${before.dueCents}`,
        );
      }
      for (const commissionId of event.data.commissionIds) {
        const commission = this.commissions.get(commissionId);
        if (!commission || commission.affiliateId !== affiliateId || !commission.due) {
          const state = !commission
            ? 'unknown'
            : commission.affiliateId !== affiliateId
              ? `${commission.affiliateId}'s`
              : 'not due';
          this.findings.violation(
            'payouts_within_due',
            `${at} carries commission ${commissionId}, which is ${state}`,
          );
        }
      }
      this.open.set(payoutId, {
        affiliateId,
        amountCents,
        commissionIds: event.data.commissionIds,
        approved: false,
      });
      return;
    }

    this.findings.checkedOne('payout_outcomes_match_requests');
    const ended = this.ended.get(payoutId);
    if (event.type === 'PayoutSent') this.findings.checkedOne('nothing_paid_twice');
    if (event.type === 'PayoutSent' && ended === 'sent') {
      this.findings.violation('nothing_paid_twice', `${at} sent again`);
      return;
    }
    const payout = this.open.get(payoutId);
    if (!payout) {
      this.findings.violation(
        'payout_outcomes_match_requests',
        `${event.type} for ${at}: ${ended ? `the payout had ${ended}` : 'no such payout was requested'}`,
      );
      return;
    }
    if (payout.affiliateId !== affiliateId || payout.amountCents !== amountCents) {
      this.findings.violation(
        'payout_outcomes_match_requests',
        `${event.type} for ${at} says ${affiliateId}, ${amountCents} cents; the request said ${payout.affiliateId}, ${payout.amountCents}`,
      );
    }
    switch (event.type) {
      case 'PayoutApproved':
        if (payout.approved)
          this.findings.violation('payout_outcomes_match_requests', `${at} approved again`);
        payout.approved = true;
        return;
      case 'PayoutRejected':
        if (payout.approved)
          this.findings.violation(
            'payout_outcomes_match_requests',
            `${at} rejected after its approval`,
          );
        return this.end(payoutId, 'rejected');
      case 'PayoutFailed':
        if (!payout.approved)
          this.findings.violation(
            'payout_outcomes_match_requests',
            `${at} failed before any approval`,
          );
        return this.end(payoutId, 'failed');
      case 'PayoutCancelled':
        // Requested or approved: an admin closes what the saga could not settle; the amount is due again.
        return this.end(payoutId, 'cancelled');
      case 'PayoutSent':
        if (!payout.approved)
          this.findings.violation('payout_outcomes_match_requests', `${at} sent without approval`);
        for (const commissionId of payout.commissionIds) {
          const commission = this.commissions.get(commissionId);
          if (!commission) continue;
          if (commission.paidBy !== null) {
            this.findings.violation(
              'nothing_paid_twice',
              `commission ${commissionId} paid by payout ${commission.paidBy} and again by ${at}`,
            );
          } else {
            commission.paidBy = payoutId;
          }
        }
        return this.end(payoutId, 'sent');
      default:
        return assertNever(event);
    }
  }

  private end(payoutId: string, how: Ended): void {
    this.open.delete(payoutId);
    this.ended.set(payoutId, how);
  }
}
