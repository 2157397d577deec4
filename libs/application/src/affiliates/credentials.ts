import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An affiliate API key names its affiliate, so a request finds the hash to compare without a scan. */
export const newApiKey = (affiliateId: string): string => `ttk_${affiliateId}_${randomBytes(24).toString('base64url')}`;

export const affiliateOfApiKey = (apiKey: string): string | null => {
  const match = /^ttk_(aff_[a-z0-9]{16})_[A-Za-z0-9_-]{32}$/.exec(apiKey);
  return match ? match[1]! : null;
};

export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export const hashApiKey = (apiKey: string): string => sha256(`threadtrak-api-key:${apiKey}`);

export const newApiKeyId = (): string => `key_${randomBytes(8).toString('hex')}`;

/**
 * The affiliate's working key that `apiKey` is, or null. Every working key is compared, each in constant
 * time, so the answer's timing does not tell which key (or how much of one) matched.
 */
export const matchingApiKey = <Key extends { keyHash: string }>(keys: readonly Key[], apiKey: string): Key | null => {
  const hash = hashApiKey(apiKey);
  let found: Key | null = null;
  for (const key of keys) if (sameSecret(hash, key.keyHash) && !found) found = key;
  return found;
};

/** Constant-time comparison of two secrets of any length. */
export const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

export const newAffiliateId = (): string => `aff_${randomBytes(10).toString('hex').slice(0, 16)}`;

/** Trimmed and lower-cased, then hashed: how customer and affiliate emails are compared. */
export const emailHash = (email: string): string => sha256(email.trim().toLowerCase());
