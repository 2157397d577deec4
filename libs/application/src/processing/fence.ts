/**
 * The lease a processor runs under, seen from its writes: the fencing token it was granted and a check
 * that the lease still carries that token. The processor checks before every checkpoint write.
 *
 * The check and the write are two calls to two stores (Redis, the event store): a holder that pauses
 * between them (a GC pause, a stalled disk) can still write after its lease moved on. What it writes is
 * a checkpoint over batches it really finished, and every consumer is idempotent, so the cost is events
 * handled twice, never events skipped. Closing that gap needs the token stored with the checkpoint and
 * compared inside the event store's transaction (docs/decisions.md).
 */
export interface Fence {
  readonly token: number;
  /** True while the lease still carries `token`. */
  holds(): Promise<boolean>;
}

/** The processor's lease moved to another holder: it stops and writes nothing more. */
export class FencedOutError extends Error {
  readonly code = 'fenced_out';
  constructor(consumer: string, token: number) {
    super(`${consumer}: the lease no longer carries token ${token}; stopping without writing`);
  }
}
