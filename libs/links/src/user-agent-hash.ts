import { createHash } from 'node:crypto';

/**
 * A short hash of a user agent (16 hex of SHA-256): with the IP hash it tells cookie-less repeats of one
 * client apart from other clients, for unique clicks, without storing the user agent itself.
 */
export function hashUserAgent(userAgent: string | undefined): string {
  return createHash('sha256')
    .update(userAgent ?? '')
    .digest('hex')
    .slice(0, 16);
}
