/**
 * A token bucket per IP hash: each address may have `capacity` clicks recorded at once, refilled at
 * `perSecond`. Over it a click is still recorded (the 302 waits for the log, and a shopper behind a busy
 * shared address must still earn her affiliate his commission) but marked `throttled`: the stats count it
 * apart and never as a click. Per api process, in memory: a flood is cut per replica, which is enough for
 * counting (the unique-click rule counts a cookie-less flood once anyway).
 *
 * Hand-written rather than @fastify/rate-limit: that plugin answers 429, and a link must always redirect.
 */
export class ClickThrottle {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity = 60,
    private readonly perSecond = 1,
    private readonly now: () => number = () => performance.now(),
    /** Buckets kept at most; full buckets are dropped first (they carry no state worth keeping). */
    private readonly maxAddresses = 100_000,
  ) {}

  /** Addresses tracked now (bounded by `maxAddresses`). */
  get addresses(): number {
    return this.buckets.size;
  }

  /** Takes a token for this address; false when it has none left (the click is throttled). */
  take(ipHash: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(ipHash);
    if (!bucket) {
      if (this.buckets.size >= this.maxAddresses) this.sweep(now);
      this.buckets.set(ipHash, { tokens: this.capacity - 1, at: now });
      return true;
    }
    bucket.tokens = Math.min(
      this.capacity,
      bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond,
    );
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private sweep(now: number): void {
    for (const [ipHash, bucket] of this.buckets)
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.capacity)
        this.buckets.delete(ipHash);
    // Still full of busy addresses: forget the oldest half rather than grow without bound.
    if (this.buckets.size >= this.maxAddresses) {
      let drop = this.buckets.size >> 1;
      for (const ipHash of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(ipHash);
      }
    }
  }
}
