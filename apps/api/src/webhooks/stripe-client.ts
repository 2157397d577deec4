import Stripe from 'stripe';

/** `STRIPE_API_BASE=http://127.0.0.1:12111` points the real client at another host. */
export const stripeHost = (apiBase?: string): Stripe.StripeConfig => {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  return {
    host: url.hostname,
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    protocol: url.protocol.replace(':', '') as 'http' | 'https',
  };
};
