import { assertAmount, assertCurrency, formatMinorUnits } from './minor-units';
import {
  authRefused,
  describeError,
  PayPalResponse,
  paypalFetch,
  type PayPalJson,
} from './paypal-http';
import { originalBatchOfDuplicate, outcomeOfBatch } from './paypal-outcome';
import { PayPalAccessToken } from './paypal-token';
import {
  failed,
  PayoutInstruction,
  PayoutNeedsAttention,
  PayoutOutcome,
  PayoutProvider,
  TransientProviderError,
} from './payout-provider';

export const PAYPAL_SANDBOX_API = 'https://api-m.sandbox.paypal.com';

export interface PayPalPayoutsConfig {
  clientId: string;
  clientSecret: string;
  /** Default: the sandbox. Production is https://api-m.paypal.com. */
  apiBase?: string;
  /** Per request; a timeout surfaces as TransientProviderError. Default 10 s. */
  timeoutMs?: number;
  emailSubject?: string;
  now?: () => number;
}

/** PayPal takes these without decimals, whatever ISO 4217 says of HUF and TWD. */
const WHOLE_UNITS_ONLY = new Set(['HUF', 'JPY', 'TWD']);

/**
 * Pays an affiliate's PayPal account with a one-item Payouts batch: `sender_batch_id` and
 * `sender_item_id` are the payout id. PayPal pays a sender_batch_id at most once within 30 days
 * and refuses a reused one with a link to the original batch; `send` follows that link and
 * answers with the original batch's outcome. PayPal offers no lookup by sender_batch_id, so a
 * duplicate refusal without the link needs an operator (PayoutNeedsAttention), and a send retried
 * more than 30 days after the first attempt is not protected: the saga keeps the reference of a
 * pending payout and polls `status` instead of sending again.
 */
export class PayPalPayoutsProvider implements PayoutProvider {
  readonly method = 'paypal' as const;
  private readonly apiBase: string;
  private readonly timeoutMs: number;
  private readonly token: PayPalAccessToken;

  constructor(private readonly config: PayPalPayoutsConfig) {
    this.apiBase = (config.apiBase ?? PAYPAL_SANDBOX_API).replace(/\/+$/, '');
    this.timeoutMs = config.timeoutMs ?? 10_000;
    this.token = new PayPalAccessToken(
      {
        apiBase: this.apiBase,
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        timeoutMs: this.timeoutMs,
      },
      config.now,
    );
  }

  async send(instruction: PayoutInstruction): Promise<PayoutOutcome> {
    const { payoutId, amountCents, currency, destination } = instruction;
    if (destination.method !== 'paypal') {
      throw new Error(`payout ${payoutId}: a ${destination.method} destination sent to PayPal`);
    }
    const value = paypalAmount(amountCents, currency);
    if (value === null)
      return failed(
        `amount_not_whole_units: PayPal pays ${currency} in whole units, not ${amountCents} minor units`,
      );
    const what = `payout ${payoutId}`;
    const created = await this.call(
      'POST',
      '/v1/payments/payouts',
      what,
      {
        sender_batch_header: {
          sender_batch_id: payoutId,
          recipient_type: 'EMAIL',
          email_subject: this.config.emailSubject ?? 'You have a payout',
        },
        items: [
          {
            recipient_type: 'EMAIL',
            amount: { value, currency },
            receiver: destination.email,
            sender_item_id: payoutId,
            note: `Affiliate commission, payout ${payoutId}`,
          },
        ],
      },
      // Harmless where PayPal ignores it for payouts; sender_batch_id is the guard that holds.
      { 'PayPal-Request-Id': payoutId },
    );
    if (created.status === 200 || created.status === 201) {
      const batchId = created.body?.batch_header?.payout_batch_id;
      if (typeof batchId !== 'string')
        throw new TransientProviderError(
          `${what}: PayPal ${created.status} without payout_batch_id`,
        );
      return outcomeOfBatch(created.body, batchId);
    }
    const original = originalBatchOfDuplicate(created.status, created.body);
    if (original === 'unlinked') {
      throw new PayoutNeedsAttention(
        'duplicate_unresolved',
        `${what}: PayPal says ${describeError(created.body)} without a link to the batch`,
      );
    }
    if (original !== null)
      return outcomeOfBatch(
        checked(await this.batch(original, what), instruction, value),
        original,
      );
    if (created.status === 401 || created.status === 403) throw authRefused(what, created);
    return refused(created, instruction);
  }

  async status(payoutId: string, providerRef: string): Promise<PayoutOutcome> {
    const batch = await this.batch(providerRef, `payout ${payoutId}`);
    const senderBatchId = batch?.batch_header?.sender_batch_header?.sender_batch_id;
    if (senderBatchId !== undefined && senderBatchId !== payoutId) {
      throw new PayoutNeedsAttention(
        'payout_mismatch',
        `PayPal batch ${providerRef} belongs to ${senderBatchId}, not payout ${payoutId}`,
      );
    }
    return outcomeOfBatch(batch, providerRef);
  }

  private async batch(payoutBatchId: string, what: string): Promise<PayPalJson> {
    const response = await this.call(
      'GET',
      `/v1/payments/payouts/${encodeURIComponent(payoutBatchId)}`,
      what,
    );
    if (response.status === 200) return response.body;
    if (response.status === 401 || response.status === 403) throw authRefused(what, response);
    if (response.status === 404) {
      throw new PayoutNeedsAttention(
        'unknown_reference',
        `${what}: PayPal has no payout batch ${payoutBatchId}`,
      );
    }
    // A refused lookup says nothing of the money: neither a failure nor worth retrying blindly.
    throw new PayoutNeedsAttention(
      'lookup_refused',
      `${what}: PayPal ${response.status} ${describeError(response.body)} for batch ${payoutBatchId}`,
    );
  }

  /** With the cached access token; a 401 drops it and tries once more with a fresh one. */
  private async call(
    method: string,
    path: string,
    what: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<PayPalResponse> {
    let response: PayPalResponse | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.token.get();
      response = await paypalFetch(
        `${this.apiBase}${path}`,
        {
          method,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        },
        this.timeoutMs,
        what,
      );
      if (response.status !== 401) return response;
      this.token.forget(token);
    }
    return response!;
  }
}

/** The `amount.value` PayPal expects, or null when PayPal cannot pay that amount exactly. */
function paypalAmount(amountCents: number, currency: string): string | null {
  assertAmount(amountCents);
  assertCurrency(currency);
  const decimal = formatMinorUnits(amountCents, currency);
  if (!WHOLE_UNITS_ONLY.has(currency)) return decimal;
  const [units, fraction = ''] = decimal.split('.');
  return /^0*$/.test(fraction) ? units : null;
}

/** A duplicate's original batch must be this payout: same id, amount and receiver. */
function checked(batch: PayPalJson, instruction: PayoutInstruction, value: string): PayPalJson {
  const header = batch?.batch_header;
  const item = Array.isArray(batch?.items) ? batch.items[0]?.payout_item : undefined;
  const email = instruction.destination.method === 'paypal' ? instruction.destination.email : '';
  const mismatch =
    header?.sender_batch_header?.sender_batch_id !== instruction.payoutId ||
    (item !== undefined &&
      (!sameDecimal(item.amount?.value, value) ||
        item.amount?.currency !== instruction.currency ||
        String(item.receiver).toLowerCase() !== email.toLowerCase()));
  if (mismatch) {
    throw new PayoutNeedsAttention(
      'payout_mismatch',
      `payout ${instruction.payoutId}: PayPal batch ${header?.payout_batch_id} is ${item?.amount?.value} ${item?.amount?.currency} to ${item?.receiver}`,
    );
  }
  return batch;
}

/**
 * PayPal refused the batch (400 VALIDATION_ERROR, 422 INSUFFICIENT_FUNDS, …) and it was no duplicate. On the
 * saga's first attempt nothing can have been sent, so the payout fails. After an attempt whose outcome is
 * unknown a refusal proves nothing: PayPal may check the request before the duplicate, so an operator looks.
 */
function refused(response: PayPalResponse, instruction: PayoutInstruction): PayoutOutcome {
  const what = `payout ${instruction.payoutId}: PayPal ${response.status} ${describeError(response.body)}`;
  if (!instruction.firstAttempt)
    throw new PayoutNeedsAttention(
      'refused_after_unknown_attempt',
      `${what} (an earlier attempt's outcome is unknown)`,
    );
  if (response.status !== 400 && response.status !== 422)
    throw new PayoutNeedsAttention('refusal_unclear', what);
  return failed(describeError(response.body));
}

/** '12.30' and '12.3' are the same amount. */
function sameDecimal(a: unknown, b: string): boolean {
  const normal = (s: string) =>
    s
      .replace(/^0+(?=\d)/, '')
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  return typeof a === 'string' && normal(a) === normal(b);
}
