import { createHmac } from 'node:crypto';

/**
 * A keyed hash of a client IP, hex HMAC-SHA256: enough to tell repeat clicks
 * and self-referrals apart, never the address itself (raw IPs are not stored).
 * An IPv4 address seen through an IPv6 socket (`::ffff:203.0.113.7`) hashes
 * like the plain IPv4 address, and IPv6 letters are case-folded.
 */
export function hashIp(ip: string, salt: string | Buffer): string {
  if (salt.length === 0) throw new RangeError('an IP hash needs a non-empty salt');
  const normalized = ip
    .trim()
    .toLowerCase()
    .replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
  return createHmac('sha256', salt).update(normalized).digest('hex');
}
