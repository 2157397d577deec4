import { PayPalPayoutsProvider } from './paypal-payouts.provider';
import { configuredPayoutProviders, ProviderNotConfigured } from './configured-providers';
import { stripeApi } from './stripe-client';
import { StripeConnectProvider } from './stripe-connect.provider';

const PAYPAL = { clientId: 'id', clientSecret: 'secret' };

describe('payout providers from the configuration', () => {
  it('configures each provider whose credentials are present', () => {
    const providers = configuredPayoutProviders({
      stripe: { secretKey: 'sk_test_x' },
      paypal: PAYPAL,
    });
    expect(providers.configuredMethods.sort()).toEqual(['paypal', 'stripe_connect']);
    expect(providers.providerFor('stripe_connect')).toBeInstanceOf(StripeConnectProvider);
    expect(providers.providerFor('paypal')).toBeInstanceOf(PayPalPayoutsProvider);
  });

  it('picks the provider by the affiliate payout account method', () => {
    const providers = configuredPayoutProviders({ stripe: {}, paypal: PAYPAL });
    const instruction = {
      payoutId: 'po_1',
      amountCents: 5_000,
      currency: 'USD',
      destination: { method: 'paypal' as const, email: 'ada@example.com' },
      affiliateId: 'aff_1',
      firstAttempt: true,
    };
    expect(providers.providerForInstruction(instruction).method).toBe('paypal');
  });

  it('refuses a method whose provider has no credentials with a typed error', () => {
    const providers = configuredPayoutProviders({ stripe: { secretKey: 'sk_test_x' }, paypal: {} });
    expect(() => providers.providerFor('paypal')).toThrow(ProviderNotConfigured);
    expect(() => providers.providerFor('paypal')).toThrow(
      expect.objectContaining({ code: 'provider_not_configured', method: 'paypal' }),
    );
  });

  it('reads STRIPE_API_BASE as the Stripe client host, port and protocol', () => {
    expect(stripeApi('http://127.0.0.1:12111')).toEqual({
      host: '127.0.0.1',
      port: 12111,
      protocol: 'http',
    });
    expect(stripeApi('https://stripe.internal')).toEqual({
      host: 'stripe.internal',
      port: 443,
      protocol: 'https',
    });
    expect(() => stripeApi('ftp://x')).toThrow(/STRIPE_API_BASE/);
  });

  it('names the methods without a provider, once, in a startup warning', () => {
    const providers = configuredPayoutProviders({ stripe: { secretKey: 'sk_test_x' }, paypal: {} });
    expect(providers.missingMethods).toEqual(['paypal']);
    expect(providers.missingWarning()).toMatch(
      /no payout provider for paypal \(set PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET\).*payout_method_unavailable/,
    );
    expect(
      configuredPayoutProviders({ stripe: { secretKey: 'sk' }, paypal: PAYPAL }).missingWarning(),
    ).toBeNull();
  });
});
