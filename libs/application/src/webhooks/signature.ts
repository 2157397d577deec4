import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'ThreadTrak-Signature';

/** `t={unix seconds},v1={hex HMAC-SHA256(secret, "{t}.{raw body}")}`, as Stripe signs its webhooks. */
export const signatureHeader = (secret: string, body: string, unixSeconds: number): string =>
  `t=${unixSeconds},v1=${signature(secret, body, unixSeconds)}`;

const signature = (secret: string, body: string, unixSeconds: number): string =>
  createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');

/**
 * The receiver's side, used by our tests (docs/webhooks.md shows the same check in ten lines): the header's
 * v1 must match and `t` be within `toleranceS` of `nowS`, which bounds the replay of a captured request.
 */
export const verifySignature = (
  secret: string,
  body: string,
  header: string,
  nowS: number,
  toleranceS = 300,
): boolean => {
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const expected = signature(secret, body, t);
  return v1.length === expected.length && timingSafeEqual(Buffer.from(v1), Buffer.from(expected));
};
