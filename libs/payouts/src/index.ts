export {
  PayoutNeedsAttention,
  TransientProviderError,
  type AttentionCode,
  type PayoutDestination,
  type PayoutInstruction,
  type PayoutMethod,
  type PayoutOutcome,
  type PayoutProvider,
} from './payout-provider';
export { currencyExponent } from './minor-units';
export { StripeConnectProvider, type StripeConnectConfig } from './stripe-connect.provider';
export { PayPalPayoutsProvider, type PayPalPayoutsConfig } from './paypal-payouts.provider';
export { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from './retry-policy';
export {
  configuredPayoutProviders,
  PayoutProviders,
  ProviderNotConfigured,
  type PayoutProviderSettings,
} from './configured-providers';
export { stripeClient } from './stripe-client';
