/**
 * The link kinds an affiliate shares. A campaign is not a kind of its own:
 * it is a tag (`?c=`) that any kind can carry, for per-channel reporting.
 */
export type LinkKind = 'canonical' | 'product' | 'purchase';

export const LINK_KINDS: readonly LinkKind[] = ['canonical', 'product', 'purchase'];

/** Ref code: the affiliate's public handle in every link. */
export const REF_CODE_PATTERN = /^[a-z0-9-]{3,32}$/;

/** Campaign tag, e.g. `youtube-launch`. */
const CAMPAIGN_PATTERN = /^[a-z0-9-]{1,64}$/;

/**
 * Product id as it appears in a link path. Only URL-safe characters, so a
 * link never needs percent-encoding; it must start with a letter or digit so
 * that `.` and `..` (which URL parsers collapse as dot-segments) are never ids.
 */
export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function isLinkKind(value: unknown): value is LinkKind {
  return typeof value === 'string' && (LINK_KINDS as readonly string[]).includes(value);
}

export function isRefCode(value: unknown): value is string {
  return typeof value === 'string' && REF_CODE_PATTERN.test(value);
}

export function isCampaign(value: unknown): value is string {
  return typeof value === 'string' && CAMPAIGN_PATTERN.test(value);
}

export function isProductId(value: unknown): value is string {
  return typeof value === 'string' && PRODUCT_ID_PATTERN.test(value);
}
