import { EventTooLargeError, InvalidEventError, InvalidStreamNameError } from './errors';
import type {
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
} from './event-store';

/**
 * The refusals every adapter shares, checked before anything is written.
 * Adapters get back the events with their JSON already serialized, so the size
 * check and the stored bytes are the same thing.
 */

/** Serialized data + metadata of one event. EventStoreDB's own default limit is about the same. */
export const MAX_EVENT_BYTES = 1024 * 1024;
export const MAX_STREAM_NAME_LENGTH = 200;

const STREAM_NAME = /^[A-Za-z0-9_.:@=-]{1,200}$/;
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.-]{0,99}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface SerializedEvent {
  /** Lower-cased UUID: stores compare ids as text. */
  id: string;
  type: string;
  data: string;
  metadata: string;
}

export function validateStreamName(streamName: unknown): asserts streamName is string {
  // `$` cannot pass the pattern, so EventStoreDB system streams are out of reach.
  if (typeof streamName !== 'string' || !STREAM_NAME.test(streamName)) {
    throw new InvalidStreamNameError(String(streamName));
  }
}

export function validateExpectedRevision(expected: unknown): ExpectedRevision {
  if (expected === undefined) return 'any';
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists')
    return expected;
  if (isRevision(expected)) return expected;
  throw new InvalidEventError(`invalid expected revision ${JSON.stringify(expected)}`);
}

/** Checks a whole batch; throws the first refusal. An empty batch is refused (see docs/event-store.md). */
export function validateAppend(
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: unknown,
): { expectedRevision: ExpectedRevision; events: SerializedEvent[] } {
  validateStreamName(streamName);
  const expected = validateExpectedRevision(expectedRevision);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEventError('nothing to append: the batch is empty');
  }
  const seen = new Set<string>();
  const serialized = events.map((event) => {
    const out = serializeEvent(event);
    if (seen.has(out.id))
      throw new InvalidEventError(`event id ${out.id} appears twice in one batch`);
    seen.add(out.id);
    return out;
  });
  return { expectedRevision: expected, events: serialized };
}

export function serializeEvent(event: EventToAppend): SerializedEvent {
  if (event === null || typeof event !== 'object')
    throw new InvalidEventError('an event must be an object');
  if (typeof event.id !== 'string' || !UUID.test(event.id.toLowerCase())) {
    throw new InvalidEventError(
      `event id must be a UUID, got ${JSON.stringify(String(event.id).slice(0, 80))}`,
    );
  }
  if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
    throw new InvalidEventError(
      `invalid event type ${JSON.stringify(String(event.type).slice(0, 80))}`,
    );
  }
  const data = toJson(event.data, 'data');
  if (
    event.metadata !== undefined &&
    (event.metadata === null || typeof event.metadata !== 'object' || Array.isArray(event.metadata))
  ) {
    throw new InvalidEventError('metadata must be an object');
  }
  const metadata = toJson(event.metadata ?? {}, 'metadata');
  // Quick bound first: a UTF-8 byte is at most 3 bytes per UTF-16 unit.
  if ((data.length + metadata.length) * 3 > MAX_EVENT_BYTES) {
    const size = Buffer.byteLength(data) + Buffer.byteLength(metadata);
    if (size > MAX_EVENT_BYTES) throw new EventTooLargeError(size, MAX_EVENT_BYTES);
  }
  return { id: event.id.toLowerCase(), type: event.type, data, metadata };
}

export function validateReadStream(streamName: string, options: ReadStreamOptions = {}) {
  validateStreamName(streamName);
  const direction = options.direction ?? 'forwards';
  if (direction !== 'forwards' && direction !== 'backwards') {
    throw new InvalidEventError(`invalid direction ${JSON.stringify(direction)}`);
  }
  const fromRevision =
    options.fromRevision ?? (direction === 'forwards' ? 0 : Number.MAX_SAFE_INTEGER);
  if (!isRevision(fromRevision))
    throw new InvalidEventError(`invalid fromRevision ${fromRevision}`);
  return { direction, fromRevision, maxCount: validateMaxCount(options.maxCount) };
}

export function validateReadAll(options: ReadAllOptions = {}) {
  const after = options.after ?? 0;
  if (!isRevision(after)) throw new InvalidEventError(`invalid position ${after}`);
  return { after, maxCount: validateMaxCount(options.maxCount) };
}

export function validateBatchSize(batchSize: number | undefined): number {
  const size = batchSize ?? 500;
  if (!Number.isSafeInteger(size) || size < 1)
    throw new InvalidEventError(`invalid batch size ${batchSize}`);
  return size;
}

function validateMaxCount(maxCount: number | undefined): number {
  if (maxCount === undefined) return Number.MAX_SAFE_INTEGER;
  if (!isRevision(maxCount)) throw new InvalidEventError(`invalid maxCount ${maxCount}`);
  return maxCount;
}

function isRevision(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function toJson(value: unknown, what: string): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    throw new InvalidEventError(`${what} is not serializable to JSON: ${(error as Error).message}`);
  }
  if (json === undefined) throw new InvalidEventError(`${what} is not serializable to JSON`);
  // PostgreSQL's jsonb cannot hold U+0000; refuse it everywhere so adapters agree.
  if (json.includes('\\u0000'))
    throw new InvalidEventError(`${what} contains the character U+0000`);
  return json;
}
