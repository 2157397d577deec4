import { GENESIS_HASH, hashOfRecorded, type RecordedEvent } from '@threadtrak/event-store';

export interface ChainBreak {
  position: number;
  streamName: string;
  type: string;
  reason: string;
}

export interface ChainReport {
  /** null: no event carries a hash (EventStoreDB, whose log the server keeps immutable; or a log older than the chain). */
  ok: boolean | null;
  /** The last event's hash: what finance signs, with `headPosition`. */
  headHash: string | null;
  headPosition: number;
  /** Events whose hash was recomputed. */
  events: number;
  /** Set when older events predate the chain: the first hashed position. */
  startsAt?: number;
  /** The first event at which the chain does not hold. */
  brokenAt?: ChainBreak;
  reason?: string;
}

/**
 * Verifies the log's hash chain while it streams past, in constant memory: recomputes each event's hash
 * from its predecessor's and its own contents. Positions are never reused, so deleting an event always
 * leaves a gap: a link that fails right after a gap is a deletion, one that fails without a gap is an edit.
 * After a break it goes on from the stored hash, so one edit is one break, not a broken rest of the log.
 */
export class ChainCheck {
  private previousHash = GENESIS_HASH;
  private previousPosition = 0;
  private verified = 0;
  private started = false;
  private startsAt: number | undefined;
  private brokenAt: ChainBreak | undefined;
  private headHash: string | null = null;

  observe(event: RecordedEvent): void {
    const previousPosition = this.previousPosition;
    this.previousPosition = event.position;
    if (event.hash === undefined) {
      if (this.started) this.break(event, 'edited: its hash was removed');
      return;
    }
    if (!this.started) {
      this.started = true;
      if (previousPosition > 0) this.startsAt = event.position;
    }
    this.verified++;
    if (hashOfRecorded(this.previousHash, event) !== event.hash) {
      const gap = event.position > previousPosition + 1;
      const missing =
        event.position - 1 === previousPosition + 1
          ? `position ${previousPosition + 1}`
          : `positions ${previousPosition + 1}–${event.position - 1}`;
      this.break(
        event,
        gap
          ? `deleted: no event at ${missing}, and this event's hash was chained to one there`
          : 'edited: its contents or hash no longer match the chain',
      );
    }
    this.previousHash = event.hash;
    this.headHash = event.hash;
  }

  report(headPosition: number): ChainReport {
    if (!this.started) {
      return headPosition === 0
        ? { ok: true, headHash: GENESIS_HASH, headPosition, events: 0 }
        : {
            ok: null,
            headHash: null,
            headPosition,
            events: 0,
            reason: 'not supported by this store',
          };
    }
    return {
      ok: this.brokenAt === undefined,
      headHash: this.headHash,
      headPosition,
      events: this.verified,
      ...(this.startsAt !== undefined
        ? {
            startsAt: this.startsAt,
            reason: `events before position ${this.startsAt} predate the hash chain`,
          }
        : {}),
      ...(this.brokenAt ? { brokenAt: this.brokenAt } : {}),
    };
  }

  private break(event: RecordedEvent, reason: string): void {
    this.brokenAt ??= {
      position: event.position,
      streamName: event.streamName,
      type: event.type,
      reason,
    };
  }
}
