/**
 * The event store port: an append-only log of streams.
 *
 * Glossary
 * - stream: the events of one thing (an order, an affiliate's ledger), in revision order.
 * - revision: 0-based index of an event inside its stream.
 * - position: the event's place in the whole log (global order), strictly increasing, > 0.
 */

export interface EventMetadata {
  /** The request or process that caused this whole chain of events. */
  correlationId?: string;
  /** The event or command that directly caused this one. */
  causationId?: string;
  /** Who did it: `admin`, `affiliate:<id>`, `stripe`, `system:<process>`. */
  actor?: string;
  [key: string]: unknown;
}

export interface EventToAppend<Type extends string = string, Data = unknown> {
  /** A UUID. Derive it from the event's cause (see `eventId`) so a retry cannot create it twice. */
  id: string;
  /** The stored name: a stable string, never a class name. */
  type: Type;
  data: Data;
  metadata?: EventMetadata;
}

export interface RecordedEvent<Type extends string = string, Data = unknown> {
  id: string;
  type: Type;
  data: Data;
  metadata: EventMetadata;
  streamName: string;
  revision: number;
  position: number;
  recordedAt: Date;
  /**
   * Link of the log's hash chain (hex SHA-256 over the previous event's hash and this event; see
   * `hash-chain.ts`), kept by the SQLite and PostgreSQL adapters as events are appended. Absent on
   * EventStoreDB, whose log the server keeps immutable, and on rows written before the chain existed.
   */
  hash?: string;
}

/**
 * `any`: no check. `no_stream`: the stream must not exist. `stream_exists`: it must.
 * A number: the revision of the stream's last event must be exactly that.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** The revision of the last event now in the stream: pass it as the next expected revision. */
  nextExpectedRevision: number;
  /** The global position of the last appended event. */
  position: number;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Forwards default 0; backwards default the end. */
  fromRevision?: number;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > after. Default: from the very beginning. */
  after?: number;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts with the first event whose position > after. */
  after?: number;
  /** Upper bound of events handed to one call of `handle` (catch-up is batched). Default 500. */
  batchSize?: number;
}

/** Events are handed over in global order, one batch at a time; the next batch waits for the promise. */
export type SubscriptionHandler = (events: RecordedEvent[]) => Promise<void>;

export interface Subscription {
  /** Resolves once no handler call is running and none will start. */
  stop(): Promise<void>;
  /** Rejects if the handler threw or the subscription failed for good; resolves when stopped. */
  readonly done: Promise<void>;
}

export interface EventStore extends CheckpointStore {
  appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;
  /** An unknown stream reads as empty. Streams lazily: large streams are never loaded whole. */
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** The whole log in global order, lazily. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch up from `after`, then stay live, until stopped. */
  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription;
  /**
   * The event appended with this id, or null. Ids derive from causes (`eventId`), so a caller that knows
   * the cause finds its event without knowing its stream (a click id gives its ClickRecorded). Should two
   * streams hold the same id, the first appended is returned.
   */
  readEvent(eventId: string): Promise<RecordedEvent | null>;
  /** Position of the last event in the log (0 when empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Where a log consumer stands: the position of the last event it fully handled, and that event's id (and
 * hash-chain link, where the store keeps the chain), so that a consumer can tell at start whether the log
 * it resumes in is still the one it read (see `checkpoint.ts`). Position 0, event id '': nothing handled.
 */
export interface Checkpoint {
  position: number;
  eventId: string;
  hash?: string;
}

/**
 * Checkpoints kept in the event store itself, beside the log they point into: a restored or swapped log
 * comes with its own checkpoints (or none), never with another log's.
 */
export interface CheckpointStore {
  /** The consumer's stored checkpoint, or null when it has none. */
  readCheckpoint(consumer: string): Promise<Checkpoint | null>;
  /** Replaces the consumer's checkpoint. */
  writeCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void>;
  /** The event at exactly this position, or null (past the head, or no event there). */
  eventAtPosition(position: number): Promise<RecordedEvent | null>;
}
