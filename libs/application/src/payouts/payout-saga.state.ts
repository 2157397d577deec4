import { checkpointAt, type Checkpoint, type RecordedEvent } from '@threadtrak/event-store';
import type {
  PayoutAccount,
  PayoutAttentionEntry,
  PayoutAttentionCleared,
  PayoutAttentionRaised,
  PayoutApproved,
  PayoutRequested,
  ProgramRulesChanged,
} from '@threadtrak/ledger';

/** A payout the saga still has to act on: waiting for approval, or approved and waiting for its outcome. */
export interface OpenPayout {
  payoutId: string;
  affiliateId: string;
  amountCents: number;
  currency: string;
  account: PayoutAccount;
  /** The event just before its PayoutRequested: replaying after it rebuilds this payout. */
  before: Checkpoint;
  status: 'requested' | 'approved';
  /** Below the auto-approve limit of the rules in force when it was requested. */
  autoApprove: boolean;
  approvedAt?: string;
  /** Why it waits for an operator, as recorded in the log (PayoutAttentionRaised, not yet cleared). */
  attention?: PayoutAttentionEntry;
}

/**
 * The saga's memory, folded from the log alone: the payouts without an outcome, and the auto-approve limit
 * in force at the position read so far. Every step is idempotent, so re-reading a stretch of the log after
 * a restart lands on the same state.
 */
export class OpenPayouts {
  readonly payouts = new Map<string, OpenPayout>();
  /** The last event observed (or the checkpoint the saga resumed after). */
  private last: Checkpoint;

  constructor(
    resumedAfter: Checkpoint,
    private autoApproveBelowCents: number,
  ) {
    this.last = resumedAfter;
  }

  /** Position of the last event observed. */
  get position(): number {
    return this.last.position;
  }

  /** What changed for the saga's work: a payout became workable (`due`), or none of its business. */
  observe(event: RecordedEvent): OpenPayout | null {
    if (event.position <= this.last.position) return null;
    const before = this.last;
    this.last = checkpointAt(event);
    switch (event.type) {
      case 'ProgramRulesChanged':
        this.autoApproveBelowCents = (
          event.data as ProgramRulesChanged['data']
        ).autoApproveBelowCents;
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
          before,
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
        delete payout.attention;
        return payout;
      }
      case 'PayoutAttentionRaised': {
        const data = event.data as PayoutAttentionRaised['data'];
        const payout = this.payouts.get(data.payoutId);
        if (payout) {
          const { answer, code, message, since, attempt, nextAttemptAt, occurredAt } = data;
          payout.attention = {
            answer,
            code,
            message,
            since,
            at: occurredAt,
            attempt,
            nextAttemptAt,
          };
        }
        return null;
      }
      case 'PayoutAttentionCleared': {
        const payout = this.payouts.get((event.data as PayoutAttentionCleared['data']).payoutId);
        if (payout) delete payout.attention;
        return null;
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
   * The checkpoint: the event just before the request of the oldest open payout (or the last event read
   * when none is open). Replaying after it rebuilds every open payout; whatever closed before it is done.
   */
  replayFrom(): Checkpoint {
    let oldest = this.last;
    for (const payout of this.payouts.values())
      if (payout.before.position < oldest.position) oldest = payout.before;
    return oldest;
  }
}
