import type { RecordedEvent } from '@threadtrak/event-store';
import type { PayoutAccount, PayoutApproved, PayoutRequested, ProgramRulesChanged } from '@threadtrak/ledger';

/** A payout the saga still has to act on: waiting for approval, or approved and waiting for its outcome. */
export interface OpenPayout {
  payoutId: string;
  affiliateId: string;
  amountCents: number;
  currency: string;
  account: PayoutAccount;
  /** Log position of its PayoutRequested. */
  requestPosition: number;
  status: 'requested' | 'approved';
  /** Below the auto-approve limit of the rules in force when it was requested. */
  autoApprove: boolean;
  approvedAt?: string;
}

/**
 * The saga's memory, folded from the log alone: the payouts without an outcome, and the auto-approve limit
 * in force at the position read so far. Every step is idempotent, so re-reading a stretch of the log after
 * a restart lands on the same state.
 */
export class OpenPayouts {
  readonly payouts = new Map<string, OpenPayout>();

  constructor(
    /** Position of the last event observed. */
    public position: number,
    private autoApproveBelowCents: number,
  ) {}

  /** What changed for the saga's work: a payout became workable (`due`), or none of its business. */
  observe(event: RecordedEvent): OpenPayout | null {
    this.position = Math.max(this.position, event.position);
    switch (event.type) {
      case 'ProgramRulesChanged':
        this.autoApproveBelowCents = (event.data as ProgramRulesChanged['data']).autoApproveBelowCents;
        return null;
      case 'PayoutRequested': {
        const data = event.data as PayoutRequested['data'];
        if (this.payouts.has(data.payoutId)) return null;
        const payout: OpenPayout = {
          payoutId: data.payoutId,
          affiliateId: data.affiliateId,
          amountCents: data.amountCents,
          currency: data.currency,
          account: data.account,
          requestPosition: event.position,
          status: 'requested',
          autoApprove: data.amountCents < this.autoApproveBelowCents,
        };
        this.payouts.set(payout.payoutId, payout);
        return payout.autoApprove ? payout : null;
      }
      case 'PayoutApproved': {
        const data = event.data as PayoutApproved['data'];
        const payout = this.payouts.get(data.payoutId);
        if (!payout || payout.status === 'approved') return null;
        payout.status = 'approved';
        payout.approvedAt = data.occurredAt;
        return payout;
      }
      case 'PayoutSent':
      case 'PayoutFailed':
      case 'PayoutRejected':
      case 'PayoutCancelled':
        this.payouts.delete((event.data as { payoutId: string }).payoutId);
        return null;
      default:
        return null;
    }
  }

  /**
   * The checkpoint: the position just before the request of the oldest open payout (or the last position
   * read when none is open). Replaying from it rebuilds every open payout; whatever closed before it is done.
   */
  replayFrom(): number {
    let oldest = this.position;
    for (const payout of this.payouts.values()) oldest = Math.min(oldest, payout.requestPosition - 1);
    return oldest;
  }
}
