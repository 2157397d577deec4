import {
  approvePayout,
  cancelPayout,
  evolveLedger,
  initialLedger,
  recordPayoutOutcome,
  rejectPayout,
  requestPayout,
  refuse,
  streams,
  type AffiliateLedger,
  type PayoutEntry,
  type CommissionEvent,
  type PayoutEvent,
  type PayoutRequested,
} from '@threadtrak/ledger';
import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';

type LedgerEvent = CommissionEvent | PayoutEvent;

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
    return this.log.decide<AffiliateLedger, LedgerEvent, PayoutRequested['data']>(
      streams.ledger(affiliateId),
      initialLedger,
      evolveLedger,
      (ledger) => {
        const known = ledger.payouts.get(payoutId);
        if (known) {
          const {
            payoutId: id,
            amountCents,
            account,
            commissionIds,
            clawbackIds,
            requestedAt,
          } = known;
          return {
            events: [],
            result: {
              payoutId: id,
              affiliateId,
              amountCents,
              currency: rules.currency,
              account,
              commissionIds,
              clawbackIds,
              requestedAt,
            },
          };
        }
        const event = requestPayout(ledger, affiliate, rules, { payoutId, now });
        return { events: [{ event, cause: payoutId }], result: event.data };
      },
      { actor },
    );
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
    return this.decideOn(
      affiliateId,
      (ledger) =>
        approvePayout(ledger, affiliateId, { payoutId, approvedBy, now, affiliateStatus }),
      `${payoutId}:approved`,
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
    return this.decideOn(
      affiliateId,
      (ledger) =>
        cancelPayout(ledger, affiliateId, { payoutId, ...command, cancelledBy: actor, now }),
      `${payoutId}:cancelled`,
      actor,
    );
  }

  reject(affiliateId: string, payoutId: string, reason: string, actor: string) {
    const now = this.clock.now().toISOString();
    return this.decideOn(
      affiliateId,
      (ledger) => rejectPayout(ledger, affiliateId, { payoutId, reason, now }),
      `${payoutId}:rejected`,
      actor,
    );
  }

  /**
   * The provider's answer; recorded once whatever the retries. Answers the event appended (null when there was
   * nothing to record) and the payout's status in the ledger after it: a payout the provider sent that the
   * ledger has cancelled meanwhile is money out that the ledger counts as due.
   */
  recordOutcome(
    affiliateId: string,
    outcome: { payoutId: string } & (
      { sent: true; providerRef: string } | { sent: false; reason: string }
    ),
  ) {
    const now = this.clock.now().toISOString();
    return this.log.decide<
      AffiliateLedger,
      LedgerEvent,
      { event: PayoutEvent | null; status: PayoutEntry['status'] | undefined }
    >(
      streams.ledger(affiliateId),
      initialLedger,
      evolveLedger,
      (ledger) => {
        const event = recordPayoutOutcome(ledger, affiliateId, { ...outcome, now });
        const status = event
          ? event.type === 'PayoutSent'
            ? 'sent'
            : 'failed'
          : ledger.payouts.get(outcome.payoutId)?.status;
        return {
          events: event ? [{ event, cause: `${outcome.payoutId}:outcome` }] : [],
          result: { event, status },
        };
      },
      { actor: 'system:payout-saga' },
    );
  }

  private decideOn(
    affiliateId: string,
    decide: (ledger: AffiliateLedger) => PayoutEvent | null,
    cause: string,
    actor: string,
  ) {
    return this.log.decide<AffiliateLedger, LedgerEvent, PayoutEvent | null>(
      streams.ledger(affiliateId),
      initialLedger,
      evolveLedger,
      (ledger) => {
        const event = decide(ledger);
        return { events: event ? [{ event, cause }] : [], result: event };
      },
      { actor },
    );
  }
}

/**
 * A payout id names its affiliate (`po_{affiliate}_{suffix}`), so an admin's approval finds the ledger
 * stream without a lookup. With an Idempotency-Key the suffix derives from it: a repeat lands on the same id.
 */
export const newPayoutId = (affiliateId: string, idempotencyKey?: string): string => {
  const suffix = idempotencyKey
    ? createHash('sha256').update(`${affiliateId}:${idempotencyKey}`).digest('hex').slice(0, 16)
    : randomBytes(8).toString('hex');
  return `po_${affiliateId.replace(/^aff_/, '')}_${suffix}`;
};

export const affiliateOfPayout = (payoutId: string): string | null => {
  const match = /^po_([a-z0-9]{16})_[a-f0-9]{16}$/.exec(payoutId);
  return match ? `aff_${match[1]}` : null;
};
