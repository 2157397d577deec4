import { createHmac, timingSafeEqual } from 'node:crypto';
import { isVisitorId } from './visitor';

/**
 * The `tt_vid` cookie is `{visitorId}.{signature}`: HMAC-SHA256 of the visitor id under the program's
 * visitor secret, first 16 bytes, base64url. Only this server can mint a visitor, so nobody can put his
 * clicks into another shopper's history by sending her visitor id. A value that is unsigned, forged,
 * signed under another secret (rotated) or malformed is no visitor: the redirect makes a new one.
 *
 * node:crypto's HMAC rather than a cookie-signing library: @fastify/cookie's signer would add a second
 * secret format and its own encoding for one line of HMAC; timingSafeEqual keeps the comparison constant-time.
 */
export class VisitorCookie {
  private readonly key: Buffer;

  constructor(secret: string | Buffer) {
    if (secret.length < 16) throw new RangeError('the visitor secret needs at least 16 characters');
    this.key = Buffer.from(secret);
  }

  sign(visitorId: string): string {
    return `${visitorId}.${this.signature(visitorId)}`;
  }

  /** The visitor this cookie value proves, or null. */
  verify(value: unknown): string | null {
    if (
      typeof value !== 'string' ||
      value.length !== SIGNED_LENGTH ||
      value[VISITOR_LENGTH] !== '.'
    )
      return null;
    const visitorId = value.slice(0, VISITOR_LENGTH);
    if (!isVisitorId(visitorId)) return null;
    // Compared as text: base64url decoding ignores a last character's spare bits, text does not.
    const given = Buffer.from(value.slice(VISITOR_LENGTH + 1));
    return timingSafeEqual(given, Buffer.from(this.signature(visitorId))) ? visitorId : null;
  }

  private signature(visitorId: string): string {
    return createHmac('sha256', this.key)
      .update(visitorId)
      .digest()
      .subarray(0, SIGNATURE_BYTES)
      .toString('base64url');
  }
}

// 128 bits of HMAC: forging one means guessing it, one request per guess.
const SIGNATURE_BYTES = 16;
const VISITOR_LENGTH = 22;
const SIGNED_LENGTH = VISITOR_LENGTH + 1 + 22;
