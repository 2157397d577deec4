import { randomFillSync } from 'node:crypto';

/**
 * Visitor: one browser, named by the `tt_vid` cookie. Click: one visit
 * through an affiliate link.
 *
 * A click id is `{visitorId}.{suffix}`: it names its visitor, so an order
 * that brings back only its click id (from `tt_click` or a Stripe session's
 * `client_reference_id`) still finds the visitor, and attribution reads the
 * visitor's one stream of clicks instead of looking the click up elsewhere.
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
// 9 random bytes in base64url: exactly 12 characters, no padding.
const CLICK_SUFFIX = '[A-Za-z0-9_-]{12}';
const VISITOR_ID_PATTERN = new RegExp(`^${VISITOR_ID}$`);
const CLICK_ID_PATTERN = new RegExp(`^(${VISITOR_ID})\\.${CLICK_SUFFIX}$`);

export function newVisitorId(random: RandomBytes = pooledRandomBytes): string {
  return random(16).toString('base64url');
}

/** Strict, for a cookie value that arrives from the browser: anything else is ignored and replaced. */
export function isVisitorId(value: unknown): value is string {
  return typeof value === 'string' && VISITOR_ID_PATTERN.test(value);
}

export function newClickId(visitorId: string, random: RandomBytes = pooledRandomBytes): string {
  if (!isVisitorId(visitorId)) throw new RangeError('a click id needs a valid visitor id');
  return `${visitorId}.${random(9).toString('base64url')}`;
}

export function isClickId(value: unknown): value is string {
  return typeof value === 'string' && CLICK_ID_PATTERN.test(value);
}

/** The visitor a click id names, or null when it is not a click id. */
export function visitorOfClick(clickId: unknown): string | null {
  if (typeof clickId !== 'string') return null;
  return CLICK_ID_PATTERN.exec(clickId)?.[1] ?? null;
}
