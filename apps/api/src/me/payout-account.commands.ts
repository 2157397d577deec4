import { Inject, ServiceUnavailableException } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Directory, UpdateAffiliate, type AppConfig, type Clock } from '@threadtrak/application';
import { refuse, type AffiliateState, type PayoutAccount } from '@threadtrak/ledger';
import { stripeClient } from '@threadtrak/payouts';
import { APP_CONFIG, CLOCK } from '@threadtrak/wiring';
import Stripe from 'stripe';
import { maskAccount } from '../admin/public-affiliate';

type SetResult = { payoutAccount: ReturnType<typeof maskAccount> } | { onboardingUrl: string };

/**
 * `PUT /v1/me/payout-account`: a PayPal email or a Stripe Connect account id; `stripe_connect` without an
 * id starts Stripe Connect Express onboarding instead.
 */
export class SetPayoutAccountCommand extends Command<SetResult> {
  constructor(
    readonly affiliate: AffiliateState,
    readonly account:
      { method: 'paypal'; email: string } | { method: 'stripe_connect'; accountId?: string },
  ) {
    super();
  }
}

@CommandHandler(SetPayoutAccountCommand)
export class SetPayoutAccountHandler implements ICommandHandler<SetPayoutAccountCommand> {
  constructor(
    private readonly updateAffiliate: UpdateAffiliate,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ affiliate, account }: SetPayoutAccountCommand): Promise<SetResult> {
    if (account.method === 'stripe_connect' && account.accountId === undefined)
      return this.startStripeOnboarding(affiliate);
    const updated = await this.updateAffiliate.setPayoutAccount(
      affiliate.affiliateId,
      account as PayoutAccount,
      `affiliate:${affiliate.affiliateId}`,
    );
    return { payoutAccount: maskAccount(updated.payoutAccount) };
  }

  /**
   * Stripe Connect Express onboarding: an account created for the affiliate (its metadata names them) and
   * an Account Link to Stripe's hosted form. Nothing is saved here: the account becomes the payout account
   * when Stripe's `account.updated` says it can receive transfers (SaveStripeAccountCommand).
   */
  private async startStripeOnboarding({ affiliateId, email }: AffiliateState) {
    const { secretKey, apiBase } = this.config.stripe;
    if (!secretKey)
      return refuse(
        'stripe_not_configured',
        'Stripe Connect is not available in this program; use PayPal.',
      );
    const stripe = stripeClient(secretKey, { apiBase });
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
          idempotencyKey: `onboarding:${affiliateId}:${this.clock.now().toISOString().slice(0, 13)}`,
        },
      );
      const back = `${this.config.publicBaseUrl.replace(/\/$/, '')}/portal/payout-account`;
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
  }
}

/** Stripe's `account.updated`: an onboarding account of ours becomes the payout account once transfers are active. */
export class SaveStripeAccountCommand extends Command<string> {
  constructor(readonly account: Stripe.Account) {
    super();
  }
}

@CommandHandler(SaveStripeAccountCommand)
export class SaveStripeAccountHandler implements ICommandHandler<SaveStripeAccountCommand> {
  constructor(
    private readonly directory: Directory,
    private readonly updateAffiliate: UpdateAffiliate,
  ) {}

  async execute({ account }: SaveStripeAccountCommand): Promise<string> {
    const affiliateId = account.metadata?.affiliateId;
    const affiliate = affiliateId ? this.directory.affiliate(affiliateId) : undefined;
    if (!affiliateId || !affiliate) return 'not an onboarding account of ours';
    if (account.capabilities?.transfers !== 'active') return 'transfers not active yet';
    const current = affiliate.payoutAccount;
    if (current?.method === 'stripe_connect' && current.accountId === account.id)
      return 'already saved';
    await this.updateAffiliate.setPayoutAccount(
      affiliateId,
      { method: 'stripe_connect', accountId: account.id },
      'stripe',
    );
    return 'saved';
  }
}
