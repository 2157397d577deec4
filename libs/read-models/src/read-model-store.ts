/**
 * The read-model store port: where projections keep the documents the dashboards read.
 *
 * Glossary
 * - key: a document's name. Every key of a projection starts with `{projection}:`, so `reset` can drop
 *   exactly that projection's documents.
 * - hash: a document of string fields (counters are integer strings).
 * - set: distinct members; adding tells whether the member is new (unique clicks).
 * - index: members kept in byte order, paged newest first (members start with an ISO timestamp).
 * - checkpoint: the position of the last event a projection has applied; 0 before the first.
 */

export type WriteOp =
  /** Add `by` to an integer field (created at 0). */
  | { op: 'hincrby'; key: string; field: string; by: number }
  | { op: 'hset'; key: string; fields: Record<string, string> }
  | { op: 'hdel'; key: string; fields: string[] }
  /** Add `member`; only when it was not there yet, apply `ifNew` — decided inside the atomic unit. */
  | { op: 'sadd'; key: string; member: string; ifNew?: WriteOp[] }
  | { op: 'zadd'; key: string; member: string }
  | { op: 'zrem'; key: string; member: string };

/** One batch: the events after `after`, up to and including `position`. */
export interface BatchRange {
  /** The checkpoint the ops were computed from. */
  after: number;
  position: number;
  /** The event at `position`, kept with the checkpoint so that a start can verify it against the log. */
  event?: { id: string; hash?: string };
}

/** A projection's checkpoint with the event it names (absent on checkpoints written before we kept it). */
export interface StoredCheckpoint {
  position: number;
  eventId?: string;
  hash?: string;
}

/**
 * - applied: the ops and the new checkpoint were written together.
 * - skipped: `position` ≤ checkpoint: the batch was applied before; nothing written.
 * - conflict: the checkpoint is neither `after` nor ≥ `position` (another runner moved it, or a reset is
 *   running); nothing written. Re-read the checkpoint and resume from there.
 */
export type ApplyResult = 'applied' | 'skipped' | 'conflict';

export interface IndexPageOptions {
  /** Exclusive upper bound: members strictly before it in descending order. Absent: from the newest. */
  before?: string;
  limit: number;
}

export type DumpedValue =
  | { type: 'hash'; value: Record<string, string> }
  | { type: 'set'; value: string[] }
  | { type: 'index'; value: string[] };

/** What projections (for lookups) and queries read. A missing hash reads as `{}`. */
export interface ReadModelReader {
  getHash(key: string): Promise<Record<string, string>>;
  /** In one round trip, in the order of `keys`. */
  getHashes(keys: readonly string[]): Promise<Record<string, string>[]>;
  /** Members in descending byte order. */
  indexPage(key: string, options: IndexPageOptions): Promise<string[]>;
}

export interface ReadModelStore extends ReadModelReader {
  /**
   * Writes all `ops` and moves the projection's checkpoint to `range.position`, as one atomic unit, only if
   * the checkpoint is `range.after` (compare-and-set). Every key must belong to `projection`.
   */
  apply(projection: string, range: BatchRange, ops: readonly WriteOp[]): Promise<ApplyResult>;
  /** 0 before the first batch; -1 while a reset is running. */
  checkpoint(projection: string): Promise<number>;
  /** The checkpoint and the event at it, as the last applied batch wrote them. */
  storedCheckpoint(projection: string): Promise<StoredCheckpoint>;
  /** Drops every key of the projection and its checkpoint. Applies fail with `conflict` meanwhile. */
  reset(projection: string): Promise<void>;
  /** Every key of the projection (or of all), sorted: for tests and diagnostics, never on a hot path. */
  dump(projection?: string): Promise<Record<string, DumpedValue>>;
  close(): Promise<void>;
}

export const RESETTING = -1;

class InvalidWriteOpError extends Error {
  readonly code = 'invalid_write_op';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidWriteOpError';
  }
}

/** Checked before anything is written, so an adapter never half-applies a batch over a malformed op. */
export const validateOps = (projection: string, ops: readonly WriteOp[]): void => {
  const namespace = `${projection}:`;
  for (const op of ops) {
    if (
      typeof op.key !== 'string' ||
      !op.key.startsWith(namespace) ||
      op.key.length === namespace.length
    )
      throw new InvalidWriteOpError(`key ${JSON.stringify(op.key)} is not under ${namespace}`);
    switch (op.op) {
      case 'hincrby':
        if (!op.field || !Number.isSafeInteger(op.by))
          throw new InvalidWriteOpError(`bad hincrby on ${op.key}`);
        break;
      case 'hset':
        for (const [field, value] of Object.entries(op.fields))
          if (!field || typeof value !== 'string')
            throw new InvalidWriteOpError(`bad hset field ${field} on ${op.key}`);
        break;
      case 'hdel':
        if (op.fields.some((field) => !field))
          throw new InvalidWriteOpError(`bad hdel on ${op.key}`);
        break;
      case 'sadd':
        if (typeof op.member !== 'string') throw new InvalidWriteOpError(`bad sadd on ${op.key}`);
        validateOps(projection, op.ifNew ?? []);
        break;
      case 'zadd':
      case 'zrem':
        if (typeof op.member !== 'string' || !op.member)
          throw new InvalidWriteOpError(`bad ${op.op} on ${op.key}`);
        break;
      default:
        throw new InvalidWriteOpError(`unknown op ${JSON.stringify(op)}`);
    }
  }
};

/** The compare-and-set rule both adapters implement. */
export const decideApply = (checkpoint: number, range: BatchRange): ApplyResult => {
  if (checkpoint === range.after && range.position > range.after) return 'applied';
  if (checkpoint >= 0 && range.position <= checkpoint) return 'skipped';
  return 'conflict';
};
