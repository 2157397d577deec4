import type { PayPalJson } from './paypal-http';
import { failed, PayoutOutcome } from './payout-provider';

/**
 * A payout is one PayPal batch holding one item, so the item's `transaction_status` decides;
 * the batch status only speaks while PayPal has not listed the item yet.
 *
 * - SUCCESS → sent.
 * - PENDING, ONHOLD → pending.
 * - UNCLAIMED → pending: the receiver has no PayPal account yet; PayPal holds the money for
 *   30 days, then RETURNED. Calling it sent would hide a payout that may come back.
 * - FAILED, RETURNED, BLOCKED, REFUNDED, REVERSED, DENIED → failed: the money is back with us.
 * Batch without items: SUCCESS → sent, PENDING/PROCESSING → pending, DENIED/CANCELED → failed.
 */
export function outcomeOfBatch(batch: PayPalJson, payoutBatchId: string): PayoutOutcome {
  const pending: PayoutOutcome = { status: 'pending', providerRef: payoutBatchId };
  const item = Array.isArray(batch?.items) ? batch.items[0] : undefined;
  if (item) {
    switch (item.transaction_status) {
      case 'SUCCESS':
        return { status: 'sent', providerRef: payoutBatchId };
      case 'FAILED':
      case 'RETURNED':
      case 'BLOCKED':
      case 'REFUNDED':
      case 'REVERSED':
      case 'DENIED':
        return failed(itemReason(item));
      default:
        return pending;
    }
  }
  switch (batch?.batch_header?.batch_status) {
    case 'SUCCESS':
      return { status: 'sent', providerRef: payoutBatchId };
    case 'DENIED':
    case 'CANCELED':
      return failed(`${batch.batch_header.batch_status}: PayPal payout batch ${payoutBatchId}`);
    default:
      return pending;
  }
}

function itemReason(item: PayPalJson): string {
  const error = item.errors;
  const detail = error?.name
    ? `${error.name}${error.message ? `: ${error.message}` : ''}`
    : 'no reason given';
  return `${item.transaction_status}: ${detail}`;
}

/**
 * PayPal refuses a reused `sender_batch_id` with 400 USER_BUSINESS_ERROR, detail field
 * SENDER_BATCH_ID, issue "Batch with given sender_batch_id already exists", and a link to the
 * original batch: its payout_batch_id is the link's last path segment.
 * Returns null for any other error, and `'unlinked'` for a duplicate without a usable link.
 */
export function originalBatchOfDuplicate(
  status: number,
  body: PayPalJson,
): string | 'unlinked' | null {
  if (status !== 400 || !Array.isArray(body?.details)) return null;
  const detail = body.details.find(
    (d: PayPalJson) =>
      String(d?.field).toUpperCase() === 'SENDER_BATCH_ID' ||
      /sender_batch_id/i.test(String(d?.issue)),
  );
  if (!detail) return null;
  const links: unknown[] = [
    ...(Array.isArray(detail.link) ? detail.link : []),
    ...(Array.isArray(body.links) ? body.links : []),
  ];
  for (const link of links) {
    const href = (link as { href?: unknown })?.href;
    const match =
      typeof href === 'string'
        ? /\/v1\/payments\/payouts\/([A-Za-z0-9_-]+)\/?$/.exec(href.split('?')[0])
        : null;
    if (match) return match[1];
  }
  return 'unlinked';
}
