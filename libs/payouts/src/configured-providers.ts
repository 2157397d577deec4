import { PAYPAL_SANDBOX_API, PayPalPayoutsProvider } from './paypal-payouts.provider';
import { PayoutInstruction, PayoutMethod, PayoutProvider } from './payout-provider';
import { StripeConnectProvider } from './stripe-connect.provider';

/** The affiliate's payout method has no provider in this deployment (its credentials are absent). */
export class ProviderNotConfigured extends Error {
  readonly code = 'provider_not_configured';

  constructor(readonly method: PayoutMethod) {
    super(`no payout provider is configured for ${method}`);
    this.name = new.target.name;
  }
}

const ALL_METHODS: readonly PayoutMethod[] = ['paypal', 'stripe_connect'];
const CREDENTIALS: Record<PayoutMethod, string> = {
  paypal: 'PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET',
  stripe_connect: 'STRIPE_SECRET_KEY',
};

/** The configured providers; the affiliate's payout account method picks one. */
export class PayoutProviders {
  private readonly byMethod = new Map<PayoutMethod, PayoutProvider>();

  constructor(providers: readonly PayoutProvider[]) {
    for (const provider of providers) this.byMethod.set(provider.method, provider);
  }

  get configuredMethods(): PayoutMethod[] {
    return [...this.byMethod.keys()];
  }

  get missingMethods(): PayoutMethod[] {
    return ALL_METHODS.filter((method) => !this.byMethod.has(method));
  }

  /** The line to log once at start when a method cannot be paid here, or null when every method can. */
  missingWarning(): string | null {
    const missing = this.missingMethods;
    if (missing.length === 0) return null;
    const named = missing.map((method) => `${method} (set ${CREDENTIALS[method]})`).join(', ');
    return `WARNING: no payout provider for ${named}; payout requests to ${missing.length === 1 ? 'this method' : 'these methods'} are refused with 422 payout_method_unavailable`;
  }

  providerFor(method: PayoutMethod): PayoutProvider {
    const provider = this.byMethod.get(method);
    if (!provider) throw new ProviderNotConfigured(method);
    return provider;
  }

  providerForInstruction(instruction: PayoutInstruction): PayoutProvider {
    return this.providerFor(instruction.destination.method);
  }
}

/** The payout settings of the application's configuration (checked there: AppConfig in libs/application). */
export interface PayoutProviderSettings {
  stripe: { secretKey?: string; apiBase?: string };
  /** Both credentials or neither. */
  paypal: { clientId?: string; clientSecret?: string; apiBase?: string };
  /** One provider call; the providers' own default when absent. */
  timeoutMs?: number;
}

/** A provider without credentials is absent; `PayoutProviders` refuses its method. */
export function configuredPayoutProviders({
  stripe,
  paypal,
  timeoutMs,
}: PayoutProviderSettings): PayoutProviders {
  const providers: PayoutProvider[] = [];
  if (stripe.secretKey)
    providers.push(
      new StripeConnectProvider({
        secretKey: stripe.secretKey,
        apiBase: stripe.apiBase,
        timeoutMs,
      }),
    );
  const { clientId, clientSecret } = paypal;
  if (clientId && clientSecret)
    providers.push(
      new PayPalPayoutsProvider({
        clientId,
        clientSecret,
        apiBase: paypal.apiBase ?? PAYPAL_SANDBOX_API,
        timeoutMs,
      }),
    );
  return new PayoutProviders(providers);
}
