import type { Checkpoint, RecordedEvent } from './event-store';
import { InvalidEventError } from './errors';

/** Nothing handled yet: resume from the very beginning of the log. */
export const LOG_START: Checkpoint = { position: 0, eventId: '' };

/** The checkpoint that says "handled up to and including this event". */
export const checkpointAt = (event: Pick<RecordedEvent, 'position' | 'id' | 'hash'>): Checkpoint =>
  event.hash === undefined
    ? { position: event.position, eventId: event.id }
    : { position: event.position, eventId: event.id, hash: event.hash };

/**
 * Whether a stored checkpoint points into this log: the event at its position is the one it names (same
 * id, and the same chain link when both sides have one). `found` is what the log holds there (null: past
 * the head, or a gap).
 */
export const checkpointMatches = (
  stored: Checkpoint,
  found: Pick<RecordedEvent, 'id' | 'hash'> | null,
): boolean => {
  if (stored.position === 0) return true;
  if (!found || found.id !== stored.eventId) return false;
  return stored.hash === undefined || found.hash === undefined || stored.hash === found.hash;
};

/** A consumer name (1–100 of `[A-Za-z0-9_.:@-]`), a position ≥ 0 and, past 0, an event id. */
export const validateCheckpoint = (consumer: string, checkpoint?: Checkpoint): void => {
  if (!/^[A-Za-z0-9_.:@-]{1,100}$/.test(consumer))
    throw new InvalidEventError(`invalid consumer name ${JSON.stringify(consumer)}`);
  if (!checkpoint) return;
  if (!Number.isSafeInteger(checkpoint.position) || checkpoint.position < 0)
    throw new InvalidEventError(`invalid checkpoint position ${String(checkpoint.position)}`);
  if (checkpoint.position > 0 && !checkpoint.eventId)
    throw new InvalidEventError('a checkpoint past 0 names its event');
};

/**
 * Thrown by a log consumer whose own state moved behind what it handled (a read model was reset for a
 * rebuild, or moved by another writer): the processor starts it again, and its `start` says from where.
 */
export class ReplayRequestedError extends Error {
  readonly code = 'replay_requested';
}
