import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** An affiliate API key names its affiliate, so a request finds the hash to compare without a scan. */
export const newApiKey = (affiliateId: string): string =>
  `ttk_${affiliateId}_${randomBytes(24).toString('base64url')}`;

export const affiliateOfApiKey = (apiKey: string): string | null => {
  const match = /^ttk_(aff_[a-z0-9]{16})_[A-Za-z0-9_-]{32}$/.exec(apiKey);
  return match?.[1] ?? null;
};

export const sha256 = (value: string): string =>
  createHash('sha256').update(value, 'utf8').digest('hex');

export const hashApiKey = (apiKey: string): string => sha256(`threadtrak-api-key:${apiKey}`);

export const newApiKeyId = (): string => `key_${randomBytes(8).toString('hex')}`;

/**
 * The affiliate's working key that `apiKey` is, or null. Every working key is compared, each in constant
 * time, so the answer's timing does not tell which key (or how much of one) matched.
 */
export const matchingApiKey = <Key extends { keyHash: string }>(
  keys: readonly Key[],
  apiKey: string,
): Key | null => {
  const hash = hashApiKey(apiKey);
  let found: Key | null = null;
  for (const key of keys) if (sameSecret(hash, key.keyHash) && !found) found = key;
  return found;
};

/** Constant-time comparison of two secrets of any length. */
export const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  );

export const newAffiliateId = (): string => `aff_${randomBytes(10).toString('hex').slice(0, 16)}`;

const normalEmail = (email: string): string => email.trim().toLowerCase();

/**
 * How customer and affiliate emails are compared (self-referrals): trimmed, lower-cased, then HMAC-SHA-256
 * with the deployment's secret, so a hash in the log cannot be matched against a list of known addresses.
 */
export const emailHash = (secret: string, email: string): string =>
  createHmac('sha256', secret).update(normalEmail(email), 'utf8').digest('hex');

/** The unkeyed SHA-256 that logs written before the keyed hash recorded for affiliates and customers. */
export const legacyEmailHash = (email: string): string => sha256(normalEmail(email));

/**
 * The hash an order records for its customer. Keyed, except when the customer is an affiliate registered
 * with the old unkeyed hash: the order then records that hash so the self-referral check (which compares the
 * two) still sees it — and it reveals nothing, since that affiliate's email is in the log in plain.
 */
export const customerEmailHash = (
  secret: string,
  email: string,
  affiliates: Iterable<{ emailHash: string }>,
): string => {
  const legacy = legacyEmailHash(email);
  for (const affiliate of affiliates) if (affiliate.emailHash === legacy) return legacy;
  return emailHash(secret, email);
};
