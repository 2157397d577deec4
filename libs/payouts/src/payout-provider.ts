/**
 * The payout provider port: how a payout leaves the ledger as real money.
 *
 * Glossary
 * - payout id: the ledger's id of one payout; every provider uses it as its idempotency key.
 * - provider reference: the provider's own id of the money movement (Stripe transfer id,
 *   PayPal payout batch id); stored with `PayoutSent` so finance can find it there.
 */

export type PayoutMethod = 'paypal' | 'stripe_connect';

export type PayoutDestination =
  { method: 'paypal'; email: string } | { method: 'stripe_connect'; accountId: string };

export interface PayoutInstruction {
  payoutId: string;
  /** Integer minor units of `currency` (ISO 4217 exponent: cents for USD, yen for JPY). */
  amountCents: number;
  /** ISO 4217 code, upper case: 'USD'. */
  currency: string;
  destination: PayoutDestination;
  affiliateId: string;
  /**
   * True only when no earlier send of this payout can have reached the provider. Then a refusal of the
   * payment request proves nothing was sent and may fail the payout; after an attempt whose outcome is
   * unknown, a refusal only proves that this request did nothing, so it needs an operator instead.
   */
  firstAttempt: boolean;
}

export type PayoutOutcome =
  | { status: 'sent'; providerRef: string }
  /** Accepted but not final (a PayPal batch still PENDING/PROCESSING, or UNCLAIMED): poll `status` later. */
  | { status: 'pending'; providerRef: string }
  /**
   * Proven unpaid: the provider refused a first attempt in a way that says nothing was performed, or it
   * returned the money (a reversed transfer, a returned PayPal item). The amount goes back to due.
   */
  | { status: 'failed'; reason: string; permanent: true };

export interface PayoutProvider {
  readonly method: PayoutMethod;
  /**
   * Pays the instruction at most once per payout id: calling it again after any crash, timeout
   * or error answers with the first payment's outcome instead of paying again.
   */
  send(instruction: PayoutInstruction): Promise<PayoutOutcome>;
  /** The current outcome of a payout this provider accepted earlier. */
  status(payoutId: string, providerRef: string): Promise<PayoutOutcome>;
}

/** Network error, timeout, 5xx, 429, a concurrent request: safe to retry with the same payout id. */
export class TransientProviderError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export type AttentionCode =
  /** Stripe saw this payout id before with other parameters. */
  | 'idempotency_key_reused'
  /** The provider holds a payment for this payout id that differs from the instruction. */
  | 'payout_mismatch'
  /** The provider holds more than one payment for this payout id. */
  | 'paid_twice'
  /** PayPal says the batch exists but does not say which one. */
  | 'duplicate_unresolved'
  /** The provider refuses our credentials or permissions. */
  | 'provider_auth'
  /** The provider does not know the reference we stored. */
  | 'unknown_reference'
  /** Looking the payout up was refused: whether an earlier attempt paid is unknown. */
  | 'lookup_refused'
  /** The payment request was refused after an earlier attempt whose outcome is unknown: it may have paid. */
  | 'refused_after_unknown_attempt'
  /** A refusal that does not say whether anything was performed. */
  | 'refusal_unclear';

/**
 * Neither retry nor fail: the outcome is unknown, contradicts the ledger, or the provider refuses
 * our credentials. Marking the payout failed could pay it twice, so an operator must look.
 */
export class PayoutNeedsAttention extends Error {
  constructor(
    readonly code: AttentionCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export const failed = (reason: string): PayoutOutcome => ({
  status: 'failed',
  reason,
  permanent: true,
});
