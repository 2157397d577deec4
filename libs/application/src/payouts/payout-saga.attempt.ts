import { Refusal } from '@threadtrak/ledger';
import {
  PayoutNeedsAttention,
  ProviderNotConfigured,
  TransientProviderError,
  type PayoutMethod,
  type PayoutOutcome,
  type PayoutProvider,
} from '@threadtrak/payouts';
import type { Clock } from '../clock';
import type { OpenPayout } from './payout-saga.state';
import type { Payouts } from './payouts';

const SAGA_ACTOR = 'system:payout-saga';

/** PayPal refuses a reused sender_batch_id for 30 days; after that a resend could pay again. */
const PAYPAL_RESEND_WINDOW_MS = 29 * 24 * 3600_000;

/** What the saga knows of one open payout beyond the log; lost on a restart, which only costs a resend. */
export interface PayoutWork {
  attempts: number;
  /** Epoch ms. */
  nextAttemptAt: number;
  lastError?: string;
  /** The provider accepted it but it is not final (PayPal): poll `status` with this, never send again. */
  providerRef?: string;
  /** The final answer, kept while recording it in the ledger fails. */
  outcome?: Exclude<PayoutOutcome, { status: 'pending' }>;
  /**
   * A send of this payout may have reached the provider without us learning what it did: one was tried here
   * and ended without a final answer, or the payout was approved before this saga started (another process,
   * or this one before a restart, may have sent it). From then on a refusal proves nothing.
   */
  mayHaveSent: boolean;
  /** Approved or recorded: nothing to do until the log moves it on. */
  settled: boolean;
}

export type Step =
  | { next: 'settled' }
  | { next: 'poll'; providerRef: string }
  | { next: 'retry'; error: string }
  | { next: 'attention'; code: string; message: string }
  /** Nothing more the saga may do; the payout waits for an admin, and the attention list says why. */
  | { next: 'manual'; code: string; message: string };

export interface AttemptDeps {
  payouts: Pick<Payouts, 'approve' | 'recordOutcome' | 'raiseAttention' | 'clearAttention'>;
  providers: { providerFor(method: PayoutMethod): PayoutProvider };
  clock: Clock;
}

/** One step for one payout: approve it (auto), or send / poll it and record the provider's final answer. */
export const attemptPayout = async (
  payout: OpenPayout,
  work: PayoutWork,
  deps: AttemptDeps,
): Promise<Step> => {
  if (payout.status === 'requested') return approve(payout, deps.payouts);
  if (!work.outcome) {
    const answer = await askProvider(payout, work, deps);
    if ('next' in answer) return answer;
    if (answer.status === 'pending') return { next: 'poll', providerRef: answer.providerRef };
    work.outcome = answer;
  }
  return record(payout, work.outcome, deps.payouts);
};

const approve = async (payout: OpenPayout, payouts: AttemptDeps['payouts']): Promise<Step> => {
  try {
    await payouts.approve(payout.affiliateId, payout.payoutId, 'auto', SAGA_ACTOR);
  } catch (error) {
    if (error instanceof Refusal && error.code === 'affiliate_suspended') {
      return {
        next: 'manual',
        code: error.code,
        message: `payout ${payout.payoutId}: not approved automatically because the affiliate is suspended; approve or reject it by hand`,
      };
    }
    // Approved or rejected by someone else meanwhile: the log says which.
    if (!(error instanceof Refusal && error.code === 'payout_not_requested'))
      return { next: 'retry', error: messageOf(error) };
  }
  return { next: 'settled' };
};

const askProvider = async (
  payout: OpenPayout,
  work: PayoutWork,
  deps: AttemptDeps,
): Promise<PayoutOutcome | Step> => {
  try {
    const provider = deps.providers.providerFor(payout.account.method);
    if (work.providerRef) return await provider.status(payout.payoutId, work.providerRef);
    if (
      payout.account.method === 'paypal' &&
      Date.parse(payout.approvedAt ?? '') < deps.clock.now().getTime() - PAYPAL_RESEND_WINDOW_MS
    ) {
      return {
        next: 'attention',
        code: 'resend_window_passed',
        message: `payout ${payout.payoutId}: approved over 29 days ago; PayPal no longer refuses a second batch for it, check PayPal before paying`,
      };
    }
    const { payoutId, amountCents, currency, account, affiliateId } = payout;
    const firstAttempt = !work.mayHaveSent;
    // Set before the call: a crash, a timeout or an error leaves us not knowing what the provider did.
    work.mayHaveSent = true;
    return await provider.send({
      payoutId,
      amountCents,
      currency,
      destination: account,
      affiliateId,
      firstAttempt,
    });
  } catch (error) {
    if (error instanceof TransientProviderError) return { next: 'retry', error: error.message };
    if (error instanceof PayoutNeedsAttention)
      return { next: 'attention', code: error.code, message: error.message };
    if (error instanceof ProviderNotConfigured)
      return { next: 'attention', code: error.code, message: error.message };
    // The provider may or may not have paid: never guess, never mark it failed.
    return {
      next: 'attention',
      code: 'unexpected_error',
      message: `payout ${payout.payoutId}: ${messageOf(error)}`,
    };
  }
};

const record = async (
  payout: OpenPayout,
  outcome: NonNullable<PayoutWork['outcome']>,
  payouts: AttemptDeps['payouts'],
): Promise<Step> => {
  try {
    const { status } = await payouts.recordOutcome(
      payout.affiliateId,
      outcome.status === 'sent'
        ? { payoutId: payout.payoutId, sent: true, providerRef: outcome.providerRef }
        : { payoutId: payout.payoutId, sent: false, reason: outcome.reason },
    );
    if (outcome.status === 'sent' && status !== 'sent') {
      // An admin closed it while the transfer was in flight: the money left, the ledger says due.
      return {
        next: 'attention',
        code: 'sent_after_close',
        message: `payout ${payout.payoutId}: the provider sent it (${outcome.providerRef}) but the ledger has it ${status}; reverse the transfer at the provider, or the affiliate can be paid twice`,
      };
    }
    return { next: 'settled' };
  } catch (error) {
    return {
      next: 'retry',
      error: `recording the outcome of payout ${payout.payoutId}: ${messageOf(error)}`,
    };
  }
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
