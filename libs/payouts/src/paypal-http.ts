import { PayoutNeedsAttention, TransientProviderError } from './payout-provider';

/**
 * A PayPal answer as parsed JSON. Read defensively (optional chaining, `Array.isArray`, typeof checks) where
 * it is used: PayPal's documented shapes vary by endpoint and error, and a cast to a declared type would
 * only hide what was not checked.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PayPalJson = any;

export interface PayPalResponse {
  status: number;
  /** PayPal's JSON, read defensively: every field may be missing. */
  body: PayPalJson;
}

/** One HTTP exchange with PayPal; network errors and timeouts become TransientProviderError. */
export async function paypalFetch(
  url: string,
  init: RequestInit,
  timeoutMs: number,
  what: string,
): Promise<PayPalResponse> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    text = await response.text();
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : String(error);
    throw new TransientProviderError(`${what}: PayPal ${reason}`, { cause: error });
  }
  const body = parseJson(text);
  if (response.status === 429 || response.status >= 500) {
    throw new TransientProviderError(`${what}: PayPal ${response.status} ${describeError(body)}`);
  }
  if (response.ok && body === undefined) {
    throw new TransientProviderError(
      `${what}: PayPal ${response.status} with a body that is not JSON`,
    );
  }
  return { status: response.status, body };
}

export function authRefused(what: string, response: PayPalResponse): PayoutNeedsAttention {
  return new PayoutNeedsAttention(
    'provider_auth',
    `${what}: PayPal ${response.status} ${describeError(response.body)}`,
  );
}

/** `NAME: message (field: issue; …)` from PayPal's error JSON, or the OAuth `error_description`. */
export function describeError(body: PayPalJson): string {
  if (body === undefined || body === null || typeof body !== 'object')
    return 'without an error body';
  const name = body.name ?? body.error ?? 'ERROR';
  const message = body.message ?? body.error_description ?? '';
  const issues = Array.isArray(body.details)
    ? body.details
        .map((d: { field?: string; issue?: string }) =>
          [d.field, d.issue].filter(Boolean).join(': '),
        )
        .join('; ')
    : '';
  return `${name}${message ? `: ${message}` : ''}${issues ? ` (${issues})` : ''}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
