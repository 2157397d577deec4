import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** An affiliate API key names its affiliate, so a request finds the hash to compare without a scan. */
export const newApiKey = (affiliateId: string): string => `ttk_${affiliateId}_${randomBytes(24).toString('base64url')}`;

export const affiliateOfApiKey = (apiKey: string): string | null => {
  const match = /^ttk_(aff_[a-z0-9]{16})_[A-Za-z0-9_-]{32}$/.exec(apiKey);
  return match ? match[1]! : null;
};

export const sha256 = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

export const hashApiKey = (apiKey: string): string => sha256(`threadtrak-api-key:${apiKey}`);

/** Constant-time comparison of two secrets of any length. */
export const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

export const newAffiliateId = (): string => `aff_${randomBytes(10).toString('hex').slice(0, 16)}`;

/** Trimmed and lower-cased, then hashed: how customer and affiliate emails are compared. */
export const emailHash = (email: string): string => sha256(email.trim().toLowerCase());
