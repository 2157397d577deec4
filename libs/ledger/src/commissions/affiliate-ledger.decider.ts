import type { AffiliateState } from '../affiliates/affiliate-state';
import type { AffiliateStatus } from '../affiliates/affiliate';
import type { Decider } from '../decider';
import type { OrderState } from '../orders/order-state';
import {
  approvePayout,
  cancelPayout,
  clearPayoutAttention,
  raisePayoutAttention,
  recordPayoutOutcome,
  rejectPayout,
} from '../payouts/payout-decisions';
import type { PayoutAttentionEvent, PayoutEvent } from '../payouts/payout-events';
import { requestPayout } from '../payouts/request-payout';
import type { ProgramRules } from '../program/program-rules';
import {
  postReattributionToLedger,
  reattributionReversal,
  type LedgerReattribution,
} from '../reattribution/reattribution-ledger';
import { evolveLedger, initialLedger, type AffiliateLedger } from './affiliate-ledger';
import type { CommissionEvent } from './commission-events';
import { commissionsDueBy } from './make-commission-due';
import { postOrderToLedger } from './post-order-to-ledger';

export type AffiliateLedgerEvent = CommissionEvent | PayoutEvent | PayoutAttentionEvent;

/**
 * What can happen to an affiliate's money. Facts from other streams (the affiliate, the program rules, the
 * order being posted) travel in the command, read by the handler before it decides.
 */
export type AffiliateLedgerCommand =
  | { type: 'PostOrder'; order: OrderState }
  | ({ type: 'PostReattribution' } & LedgerReattribution)
  /** Takes back what is left of a commission a re-attribution replaced (after an interrupted apply). */
  | {
      type: 'ReverseReplacedCommission';
      affiliateId: string;
      commissionId: string;
      reattributionId: string;
      now: string;
    }
  | { type: 'MakeCommissionsDue'; affiliateId: string; now: string }
  | {
      type: 'RequestPayout';
      payoutId: string;
      now: string;
      affiliate: AffiliateState;
      rules: ProgramRules;
    }
  | {
      type: 'ApprovePayout';
      affiliateId: string;
      payoutId: string;
      approvedBy: 'auto' | 'admin';
      now: string;
      affiliateStatus?: AffiliateStatus;
    }
  | { type: 'RejectPayout'; affiliateId: string; payoutId: string; reason: string; now: string }
  | {
      type: 'CancelPayout';
      affiliateId: string;
      payoutId: string;
      reason: string;
      providerChecked: true;
      cancelledBy: string;
      now: string;
    }
  | {
      type: 'RaisePayoutAttention';
      affiliateId: string;
      payoutId: string;
      code: string;
      message: string;
      attempt: number;
      nextAttemptAt: string | null;
      now: string;
    }
  | { type: 'ClearPayoutAttention'; affiliateId: string; payoutId: string; now: string }
  | ({ type: 'RecordPayoutOutcome'; affiliateId: string; payoutId: string; now: string } & (
      { sent: true; providerRef: string } | { sent: false; reason: string }
    ));

const decide = (
  command: AffiliateLedgerCommand,
  ledger: AffiliateLedger,
): AffiliateLedgerEvent[] => {
  switch (command.type) {
    case 'PostOrder':
      return postOrderToLedger(command.order, ledger);
    case 'PostReattribution':
      return postReattributionToLedger(ledger, command);
    case 'ReverseReplacedCommission':
      return reattributionReversal(ledger, command);
    case 'MakeCommissionsDue':
      return commissionsDueBy(ledger, command.affiliateId, command.now);
    case 'RequestPayout':
      // The same payout id again (an Idempotency-Key repeated) requests nothing more.
      if (ledger.payouts.has(command.payoutId)) return [];
      return [requestPayout(ledger, command.affiliate, command.rules, command)];
    case 'ApprovePayout':
      return [approvePayout(ledger, command.affiliateId, command)];
    case 'RejectPayout':
      return [rejectPayout(ledger, command.affiliateId, command)];
    case 'CancelPayout':
      return [cancelPayout(ledger, command.affiliateId, command)];
    case 'RaisePayoutAttention': {
      const event = raisePayoutAttention(ledger, command.affiliateId, command);
      return event ? [event] : [];
    }
    case 'ClearPayoutAttention': {
      const event = clearPayoutAttention(ledger, command.affiliateId, command);
      return event ? [event] : [];
    }
    case 'RecordPayoutOutcome': {
      const event = recordPayoutOutcome(ledger, command.affiliateId, command);
      return event ? [event] : [];
    }
  }
};

/** The stream `ledger-{affiliateId}`: commissions, reversals, restorations and payouts. */
export const affiliateLedgerDecider: Decider<
  AffiliateLedger,
  AffiliateLedgerCommand,
  AffiliateLedgerEvent
> = { initialState: initialLedger, evolve: evolveLedger, decide };
