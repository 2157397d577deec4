import Stripe from 'stripe';
import { stripeClient } from './stripe-client';
import { assertAmount, assertCurrency } from './minor-units';
import {
  failed,
  PayoutInstruction,
  PayoutNeedsAttention,
  PayoutOutcome,
  PayoutProvider,
  TransientProviderError,
} from './payout-provider';

export interface StripeConnectConfig {
  secretKey: string;
  /** Another API host, e.g. a local fake: `http://127.0.0.1:12111`. */
  apiBase?: string;
  /** Per request; a timeout surfaces as TransientProviderError. Default 10 s. */
  timeoutMs?: number;
  /** Retries inside the Stripe client. Default 0: the payout saga owns retries. */
  maxNetworkRetries?: number;
}

/**
 * Pays an affiliate's connected account with a Stripe Connect transfer from the platform balance.
 *
 * Idempotency, twice over: the transfer carries `transfer_group = payoutId` and is created with
 * `Idempotency-Key: payoutId`. `send` first looks the payout up by transfer group, because Stripe
 * replays a saved 500 for the same key and prunes keys after 24 hours; the key still guards two
 * sends racing past the lookup.
 */
export class StripeConnectProvider implements PayoutProvider {
  readonly method = 'stripe_connect' as const;
  private readonly stripe: Stripe;

  constructor(config: StripeConnectConfig) {
    this.stripe = stripeClient(config.secretKey, {
      apiBase: config.apiBase,
      timeout: config.timeoutMs ?? 10_000,
      maxNetworkRetries: config.maxNetworkRetries ?? 0,
      telemetry: false,
    });
  }

  async send(instruction: PayoutInstruction): Promise<PayoutOutcome> {
    const { payoutId, amountCents, currency, destination, affiliateId } = instruction;
    if (destination.method !== 'stripe_connect') {
      throw new Error(
        `payout ${payoutId}: a ${destination.method} destination sent to Stripe Connect`,
      );
    }
    assertAmount(amountCents);
    assertCurrency(currency);
    let earlier: Stripe.Transfer | undefined;
    try {
      earlier = await this.transferOf(payoutId);
    } catch (error) {
      throw lookupRefused(error, payoutId);
    }
    if (earlier) return outcomeOf(checked(earlier, instruction, destination.accountId));
    let transfer: Stripe.Transfer;
    try {
      transfer = await this.stripe.transfers.create(
        {
          amount: amountCents,
          currency: currency.toLowerCase(),
          destination: destination.accountId,
          transfer_group: payoutId,
          metadata: { payoutId, affiliateId },
        },
        { idempotencyKey: payoutId },
      );
    } catch (error) {
      return createRefused(error, instruction);
    }
    return outcomeOf(checked(transfer, instruction, destination.accountId));
  }

  async status(payoutId: string, providerRef: string): Promise<PayoutOutcome> {
    try {
      return outcomeOf(await this.stripe.transfers.retrieve(providerRef));
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) {
        throw new PayoutNeedsAttention(
          'unknown_reference',
          `payout ${payoutId}: Stripe has no transfer ${providerRef}`,
          {
            cause: error,
          },
        );
      }
      throw lookupRefused(error, payoutId);
    }
  }

  private async transferOf(payoutId: string): Promise<Stripe.Transfer | undefined> {
    const found = await this.stripe.transfers.list({ transfer_group: payoutId, limit: 2 });
    if (found.data.length > 1) {
      throw new PayoutNeedsAttention(
        'paid_twice',
        `payout ${payoutId}: Stripe holds ${found.data.length} transfers`,
      );
    }
    return found.data[0];
  }
}

function checked(
  transfer: Stripe.Transfer,
  instruction: PayoutInstruction,
  accountId: string,
): Stripe.Transfer {
  const destination =
    typeof transfer.destination === 'string' ? transfer.destination : transfer.destination?.id;
  const same =
    transfer.amount === instruction.amountCents &&
    transfer.currency.toUpperCase() === instruction.currency &&
    destination === accountId;
  if (!same) {
    throw new PayoutNeedsAttention(
      'payout_mismatch',
      `payout ${instruction.payoutId}: Stripe transfer ${transfer.id} is ${transfer.amount} ${transfer.currency} to ${destination}`,
    );
  }
  return transfer;
}

/** A transfer is final once created; only a full reversal takes the money back. */
function outcomeOf(transfer: Stripe.Transfer): PayoutOutcome {
  if (transfer.reversed)
    return failed(`transfer_reversed: Stripe transfer ${transfer.id} was reversed`);
  return { status: 'sent', providerRef: transfer.id };
}

/**
 * A refusal of a lookup (list or retrieve) says nothing about the money: with a revoked key or a key
 * without permission an earlier transfer stays invisible. Transient errors stay transient; anything else
 * needs an operator, never a failed payout.
 */
function lookupRefused(error: unknown, payoutId: string): Error {
  if (error instanceof PayoutNeedsAttention || !(error instanceof Stripe.errors.StripeError))
    return error as Error;
  const what = summary(error, `payout ${payoutId}: looking the transfer up`);
  if (isTransient(error)) return new TransientProviderError(what, { cause: error });
  if (isAuth(error)) return new PayoutNeedsAttention('provider_auth', what, { cause: error });
  return new PayoutNeedsAttention('lookup_refused', what, { cause: error });
}

/**
 * A refused transfer creation fails the payout only when it proves nothing was sent: the saga's first
 * attempt (no earlier request can have paid), refused with 400 `invalid_request_error` or 402 (Stripe
 * validated the request and did not perform it, e.g. `account_closed`, `balance_insufficient`).
 * After an attempt whose answer was lost, or with any other refusal, an operator must look.
 */
function createRefused(error: unknown, instruction: PayoutInstruction): PayoutOutcome {
  if (error instanceof PayoutNeedsAttention || !(error instanceof Stripe.errors.StripeError))
    throw error;
  const what = summary(error, `payout ${instruction.payoutId}`);
  if (isTransient(error)) throw new TransientProviderError(what, { cause: error });
  if (error instanceof Stripe.errors.StripeIdempotencyError) {
    throw new PayoutNeedsAttention('idempotency_key_reused', what, { cause: error });
  }
  if (isAuth(error)) throw new PayoutNeedsAttention('provider_auth', what, { cause: error });
  if (!instruction.firstAttempt) {
    throw new PayoutNeedsAttention(
      'refused_after_unknown_attempt',
      `${what} (an earlier attempt's outcome is unknown)`,
      { cause: error },
    );
  }
  const notPerformed =
    (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 400) ||
    error.statusCode === 402;
  if (!notPerformed) throw new PayoutNeedsAttention('refusal_unclear', what, { cause: error });
  return failed(`${error.code ?? error.rawType ?? 'refused'}: ${error.message}`);
}

function isTransient(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  const status = error.statusCode;
  return (
    error instanceof Stripe.errors.StripeConnectionError ||
    error instanceof Stripe.errors.StripeRateLimitError ||
    status === undefined ||
    status === 409 || // another request with this key is still running
    status >= 500
  );
}

function isAuth(error: InstanceType<typeof Stripe.errors.StripeError>): boolean {
  return (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  );
}

function summary(error: InstanceType<typeof Stripe.errors.StripeError>, what: string): string {
  return `${what}: Stripe ${error.statusCode ?? 'connection'} ${error.code ?? error.type}: ${error.message}`;
}
