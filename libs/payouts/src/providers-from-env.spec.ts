import { PayPalPayoutsProvider } from './paypal-payouts.provider';
import { payoutProvidersFromEnv, ProviderNotConfigured, stripeApi } from './providers-from-env';
import { StripeConnectProvider } from './stripe-connect.provider';

describe('payout providers from the environment', () => {
  it('configures each provider whose credentials are present', () => {
    const providers = payoutProvidersFromEnv({
      STRIPE_SECRET_KEY: 'sk_test_x',
      PAYPAL_CLIENT_ID: 'id',
      PAYPAL_CLIENT_SECRET: 'secret',
    });
    expect(providers.configuredMethods.sort()).toEqual(['paypal', 'stripe_connect']);
    expect(providers.providerFor('stripe_connect')).toBeInstanceOf(StripeConnectProvider);
    expect(providers.providerFor('paypal')).toBeInstanceOf(PayPalPayoutsProvider);
  });

  it('picks the provider by the affiliate payout account method', () => {
    const providers = payoutProvidersFromEnv({
      PAYPAL_CLIENT_ID: 'id',
      PAYPAL_CLIENT_SECRET: 'secret',
    });
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
    const providers = payoutProvidersFromEnv({
      STRIPE_SECRET_KEY: 'sk_test_x',
      PAYPAL_CLIENT_ID: ' ',
    });
    expect(() => providers.providerFor('paypal')).toThrow(ProviderNotConfigured);
    expect(() => providers.providerFor('paypal')).toThrow(
      expect.objectContaining({ code: 'provider_not_configured', method: 'paypal' }),
    );
  });

  it('fails at startup on half a PayPal credential or a bad base URL', () => {
    expect(() => payoutProvidersFromEnv({ PAYPAL_CLIENT_ID: 'id' })).toThrow(
      /PAYPAL_CLIENT_SECRET/,
    );
    expect(() =>
      payoutProvidersFromEnv({ STRIPE_SECRET_KEY: 'sk', STRIPE_API_BASE: 'ftp://x' }),
    ).toThrow(/STRIPE_API_BASE/);
    expect(() =>
      payoutProvidersFromEnv({ STRIPE_SECRET_KEY: 'sk', PAYOUT_PROVIDER_TIMEOUT_MS: 'soon' }),
    ).toThrow(/TIMEOUT/);
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
  });

  it('names the methods without a provider, once, in a startup warning', () => {
    const providers = payoutProvidersFromEnv({ STRIPE_SECRET_KEY: 'sk_test_x' });
    expect(providers.missingMethods).toEqual(['paypal']);
    expect(providers.missingWarning()).toMatch(
      /no payout provider for paypal \(set PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET\).*payout_method_unavailable/,
    );
    expect(
      payoutProvidersFromEnv({
        STRIPE_SECRET_KEY: 'sk',
        PAYPAL_CLIENT_ID: 'id',
        PAYPAL_CLIENT_SECRET: 's',
      }).missingWarning(),
    ).toBeNull();
  });
});
