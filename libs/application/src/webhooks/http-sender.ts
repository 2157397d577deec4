import { SIGNATURE_HEADER, signatureHeader } from './signature';

export interface SendResult {
  ok: boolean;
  responseStatus?: number;
  error?: string;
  durationMs: number;
}

/** Posts one signed delivery; any 2xx acknowledges it. */
export type WebhookSender = (request: {
  url: string;
  body: string;
  secret: string;
  deliveryId: string;
  eventId: string;
  attempt: number;
}) => Promise<SendResult>;

/**
 * Node's fetch with a per-request timeout, so a receiver that hangs costs one slot of its own endpoint for
 * at most `timeoutMs`. Redirects are not followed (as Stripe does): a 3xx is a failed attempt. The
 * signature's `t` is the wall clock's: it is about when the request was sent, which receivers compare to
 * their own clock, not a fact of the ledger.
 */
export const httpSender =
  (timeoutMs: number, userAgent = 'ThreadTrak-Webhooks/1'): WebhookSender =>
  async ({ url, body, secret, deliveryId, eventId, attempt }) => {
    const started = performance.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': userAgent,
          [SIGNATURE_HEADER]: signatureHeader(secret, body, Math.floor(Date.now() / 1000)),
          'ThreadTrak-Event-Id': eventId,
          'ThreadTrak-Delivery-Id': deliveryId,
          'ThreadTrak-Attempt': String(attempt),
        },
      });
      // The answer's body is not kept; reading it frees the connection for the next delivery.
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return {
        ok,
        responseStatus: response.status,
        ...(ok ? {} : { error: `HTTP ${response.status}` }),
        durationMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      const name = (error as Error)?.name;
      const message =
        name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : describeFetchError(error);
      return { ok: false, error: message, durationMs: Math.round(performance.now() - started) };
    }
  };

const describeFetchError = (error: unknown): string => {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
};
