import Stripe from 'stripe';

/**
 * The one way to build a Stripe client (payouts, checkout sessions, Connect onboarding, webhook checks).
 * `apiBase` (`STRIPE_API_BASE`, e.g. a local fake) points it at another host; absent, Stripe's own.
 */
export const stripeClient = (
  secretKey: string,
  { apiBase, ...config }: { apiBase?: string } & Stripe.StripeConfig = {},
): Stripe => new Stripe(secretKey, { ...(apiBase ? stripeApi(apiBase) : {}), ...config });

/** 'http://127.0.0.1:12111' → the Stripe client's host, port and protocol. */
export function stripeApi(base: string): {
  host: string;
  port: number;
  protocol: 'http' | 'https';
} {
  const url = httpUrl(base, 'STRIPE_API_BASE');
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  };
}

function httpUrl(base: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new Error(`${name} is not a URL: ${base}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`${name} must be http(s): ${base}`);
  return url;
}
