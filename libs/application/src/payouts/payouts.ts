import {
  assert,
  refuse,
  streams,
  type AffiliateLedgerCommand,
  type PayoutEntry,
  type PayoutEvent,
  type PayoutRequested,
} from '@threadtrak/ledger';
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { ledgerHandler } from '../stream-handlers';
import { handleCommand, retryOnConflict } from '../handle-command';

/** A conflict is retried once, then answered 409: of fifty simultaneous requests one wins, the rest see payout_open. */
const onLedger = ledgerHandler(retryOnConflict(1));

/** Which payout methods this deployment can pay (their provider's credentials are configured). */
export interface PayoutMethods {
  readonly configuredMethods: readonly string[];
}

/**
 * Payout requests and decisions, each decided on the affiliate's ledger stream with its revision as the
 * expected one: of fifty simultaneous requests exactly one is appended, the others see `payout_open`.
 */
export class Payouts {
  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly clock: Clock,
    private readonly methods: PayoutMethods,
  ) {}

  /** `idempotencyKey`: a repeat with the same key answers the first payout instead of requesting again. */
  async request(
    affiliateId: string,
    idempotencyKey: string | undefined,
    actor: string,
  ): Promise<PayoutRequested['data']> {
    const affiliate =
      (await this.facts.affiliate(affiliateId)) ??
      refuse('affiliate_not_found', 'no such affiliate', 'not_found');
    // Refused up front: a payout nobody can send would only sit in the attention list holding the balance.
    const method = affiliate.payoutAccount?.method;
    if (method && !this.methods.configuredMethods.includes(method)) {
      refuse(
        'payout_method_unavailable',
        `payouts by ${method} are not available here; choose another payout account method`,
      );
    }
    const { rules } = await this.facts.program();
    const payoutId = newPayoutId(affiliateId, idempotencyKey);
    const now = this.clock.now().toISOString();
    const { state: ledger } = await this.decideOn(
      affiliateId,
      { type: 'RequestPayout', payoutId, now, affiliate, rules },
      actor,
    );
    const payout = ledger.payouts.get(payoutId);
    assert(payout, `payout ${payoutId} is in the ledger it was requested on`);
    const { amountCents, account, commissionIds, clawbackIds, requestedAt } = payout;
    return {
      payoutId,
      affiliateId,
      amountCents,
      currency: rules.currency,
      account,
      commissionIds,
      clawbackIds,
      requestedAt,
    };
  }

  /** An automatic approval reads the affiliate's status from its stream: a suspended affiliate's payout waits for an admin. */
  async approve(
    affiliateId: string,
    payoutId: string,
    approvedBy: 'admin' | 'auto',
    actor: string,
  ) {
    const affiliateStatus =
      approvedBy === 'auto' ? (await this.facts.affiliate(affiliateId))?.status : undefined;
    const now = this.clock.now().toISOString();
    return this.payoutEvent(
      affiliateId,
      {
        type: 'ApprovePayout',
        affiliateId,
        payoutId,
        approvedBy,
        now,
        ...(affiliateStatus ? { affiliateStatus } : {}),
      },
      actor,
    );
  }

  /** `POST /v1/admin/payouts/{id}/cancel`: an open payout back to due, once the admin checked the provider. */
  cancel(
    affiliateId: string,
    payoutId: string,
    command: { reason: string; providerChecked: true },
    actor: string,
  ) {
    const now = this.clock.now().toISOString();
    return this.payoutEvent(
      affiliateId,
      { type: 'CancelPayout', affiliateId, payoutId, ...command, cancelledBy: actor, now },
      actor,
    );
  }

  reject(affiliateId: string, payoutId: string, reason: string, actor: string) {
    const now = this.clock.now().toISOString();
    return this.payoutEvent(
      affiliateId,
      { type: 'RejectPayout', affiliateId, payoutId, reason, now },
      actor,
    );
  }

  /**
   * The provider's answer; recorded once whatever the retries. Answers the event appended (null when there was
   * nothing to record) and the payout's status in the ledger after it: a payout the provider sent that the
   * ledger has cancelled meanwhile is money out that the ledger counts as due.
   */
  async recordOutcome(
    affiliateId: string,
    outcome: { payoutId: string } & (
      { sent: true; providerRef: string } | { sent: false; reason: string }
    ),
  ): Promise<{ event: PayoutEvent | null; status: PayoutEntry['status'] | undefined }> {
    const now = this.clock.now().toISOString();
    const { state, events } = await this.decideOn(
      affiliateId,
      { type: 'RecordPayoutOutcome', affiliateId, ...outcome, now },
      'system:payout-saga',
    );
    return {
      event: (events[0] as PayoutEvent | undefined) ?? null,
      status: state.payouts.get(outcome.payoutId)?.status,
    };
  }

  /**
   * Why the saga leaves the payout to an operator, as a fact on its ledger (read by the attention list in any
   * process). Nothing is appended for the same answer again, nor for a payout closed meanwhile.
   */
  async raiseAttention(
    affiliateId: string,
    attention: {
      payoutId: string;
      code: string;
      message: string;
      attempt: number;
      nextAttemptAt: string | null;
    },
  ): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.decideOn(
      affiliateId,
      { type: 'RaisePayoutAttention', affiliateId, ...attention, now },
      'system:payout-saga',
    );
  }

  /** A later attempt went through: the payout no longer waits for an operator. */
  async clearAttention(affiliateId: string, payoutId: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.decideOn(
      affiliateId,
      { type: 'ClearPayoutAttention', affiliateId, payoutId, now },
      'system:payout-saga',
    );
  }

  private async payoutEvent(
    affiliateId: string,
    command: AffiliateLedgerCommand,
    actor: string,
  ): Promise<PayoutEvent | null> {
    const { events } = await this.decideOn(affiliateId, command, actor);
    return (events[0] as PayoutEvent | undefined) ?? null;
  }

  private decideOn(affiliateId: string, command: AffiliateLedgerCommand, actor: string) {
    return handleCommand(this.log, onLedger, streams.ledger(affiliateId), command, { actor });
  }
}

/**
 * A payout id names its affiliate (`po_{affiliate}_{suffix}`), so an admin's approval finds the ledger
 * stream without a lookup. With an Idempotency-Key the suffix derives from it: a repeat lands on the same id.
 */
const newPayoutId = (affiliateId: string, idempotencyKey?: string): string => {
  const suffix = idempotencyKey
    ? createHash('sha256').update(`${affiliateId}:${idempotencyKey}`).digest('hex').slice(0, 16)
    : randomBytes(8).toString('hex');
  return `po_${affiliateId.replace(/^aff_/, '')}_${suffix}`;
};

export const affiliateOfPayout = (payoutId: string): string | null => {
  const match = /^po_([a-z0-9]{16})_[a-f0-9]{16}$/.exec(payoutId);
  return match ? `aff_${match[1]}` : null;
};
