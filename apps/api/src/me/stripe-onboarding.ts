import { ServiceUnavailableException } from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import { refuse } from '@threadtrak/ledger';
import { stripeApi } from '@threadtrak/payouts';
import Stripe from 'stripe';

/**
 * Stripe Connect Express onboarding: an account created for the affiliate (its metadata names them) and an
 * Account Link to Stripe's hosted form. Nothing is saved here: the account becomes the payout account when
 * Stripe's `account.updated` says it can receive transfers (`saveWhenTransfersActive`).
 */
export const startStripeOnboarding = async (
  runtime: Runtime,
  affiliateId: string,
  email: string,
): Promise<{ onboardingUrl: string }> => {
  const { secretKey, apiBase } = runtime.config.stripe;
  if (!secretKey) return unavailable();
  const stripe = new Stripe(secretKey, apiBase ? stripeApi(apiBase) : {});
  try {
    const account = await stripe.accounts.create(
      {
        type: 'express',
        email,
        capabilities: { transfers: { requested: true } },
        metadata: { affiliateId },
      },
      // One account per affiliate per hour however often the button is pressed (Stripe replays the answer).
      {
        idempotencyKey: `onboarding:${affiliateId}:${runtime.clock.now().toISOString().slice(0, 13)}`,
      },
    );
    const back = `${runtime.config.publicBaseUrl.replace(/\/$/, '')}/portal/payout-account`;
    const link = await stripe.accountLinks.create({
      account: account.id,
      type: 'account_onboarding',
      refresh_url: `${back}?stripe=refresh`,
      return_url: `${back}?stripe=return`,
    });
    return { onboardingUrl: link.url };
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeError)) throw error;
    throw new ServiceUnavailableException({
      error: {
        code: 'stripe_unavailable',
        message: 'Stripe could not start the onboarding just now; try again in a minute.',
      },
    });
  }
};

/** From `account.updated`: saves the account for the affiliate named in its metadata once transfers are active. */
export const saveWhenTransfersActive = async (
  runtime: Runtime,
  account: Stripe.Account,
): Promise<string> => {
  const affiliateId = account.metadata?.affiliateId;
  if (!affiliateId || !runtime.directory.affiliate(affiliateId))
    return 'not an onboarding account of ours';
  if (account.capabilities?.transfers !== 'active') return 'transfers not active yet';
  const current = runtime.directory.affiliate(affiliateId)!.payoutAccount;
  if (current?.method === 'stripe_connect' && current.accountId === account.id)
    return 'already saved';
  await runtime.updateAffiliate.setPayoutAccount(
    affiliateId,
    { method: 'stripe_connect', accountId: account.id },
    'stripe',
  );
  return 'saved';
};

const unavailable = (): never =>
  refuse('stripe_not_configured', 'Stripe Connect is not available in this program; use PayPal.');
