import { createHash } from 'node:crypto';

/** Fixed namespace of ThreadTrak event ids (a random v4 UUID, chosen once; never change it). */
const NAMESPACE = Buffer.from('6f1d2c9e4b7a4e0f9a3d58c1e2b7f40a', 'hex');

/**
 * A deterministic UUID (RFC 9562 version 5: SHA-1 of namespace + name) derived
 * from an event's cause, e.g. `eventId('stripe', stripeEventId, 'OrderPaid')`.
 * The same cause always gives the same id, so a retried or redelivered command
 * is recognised by the store instead of being appended twice.
 * Parts are joined with a separator that cannot be confused with their content.
 */
export function eventId(...causeParts: string[]): string {
  if (causeParts.length === 0) throw new TypeError('eventId needs at least one cause part');
  const name = causeParts.map((part) => `${part.length}:${part}`).join('|');
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
