import { randomFillSync } from 'node:crypto';

/**
 * Visitor: one browser, named by the `tt_vid` cookie (signed: see visitor-cookie.ts). Click: one visit
 * through an affiliate link.
 *
 * A click id is opaque: 18 random bytes, nothing of its visitor inside, so a landing URL's `tt_click`
 * tells its reader nothing he could replay. The click → visitor link lives in the log: the ClickRecorded
 * carries both, and its event id derives from the click id, so an order that brings only its click id
 * finds the event (`EventStore.readEvent`) and through it the visitor's clicks.
 *
 * Click ids written before (`{visitorId}.{suffix}`) stay valid: their events were stored under the same
 * cause, so they are found the same way; nothing parses the visitor out of them any more.
 */

/** Random bytes as a source, so tests can pin ids; node:crypto by default. */
export type RandomBytes = (length: number) => Buffer;

/**
 * Cryptographic random bytes served from a 4 KiB pool refilled by one call: a call to the system source per
 * id cost the redirect ~5 % of its CPU. Every byte is used once.
 */
const pooledRandomBytes = (() => {
  const pool = Buffer.alloc(4096);
  let offset = pool.length;
  return (length: number): Buffer => {
    if (offset + length > pool.length) {
      randomFillSync(pool);
      offset = 0;
    }
    const bytes = Buffer.from(pool.subarray(offset, offset + length));
    offset += length;
    return bytes;
  };
})();

// 16 random bytes in base64url: 22 characters, the last carrying only 2 bits (A, Q, g or w).
const VISITOR_ID = '[A-Za-z0-9_-]{21}[AQgw]';
// 18 random bytes in base64url: exactly 24 characters, every bit random.
const CLICK_ID = '[A-Za-z0-9_-]{24}';
// Before opaque click ids: `{visitorId}.{9 random bytes}`. Still accepted in orders (their clicks are in old logs).
const LEGACY_CLICK_ID = `${VISITOR_ID}\\.[A-Za-z0-9_-]{12}`;
const VISITOR_ID_PATTERN = new RegExp(`^${VISITOR_ID}$`);
const CLICK_ID_PATTERN = new RegExp(`^(?:${CLICK_ID}|${LEGACY_CLICK_ID})$`);

export function newVisitorId(random: RandomBytes = pooledRandomBytes): string {
  return random(16).toString('base64url');
}

/** The shape of a visitor id (an order's `visitorId`); a cookie is also checked for its signature. */
export function isVisitorId(value: unknown): value is string {
  return typeof value === 'string' && VISITOR_ID_PATTERN.test(value);
}

export function newClickId(random: RandomBytes = pooledRandomBytes): string {
  return random(18).toString('base64url');
}

/** A click id of ours, new or legacy: what an order may name as its click. */
export function isClickId(value: unknown): value is string {
  return typeof value === 'string' && CLICK_ID_PATTERN.test(value);
}
