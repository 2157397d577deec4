import {
  ANY,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  NO_STREAM,
  type Position,
  type ReadPosition,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
} from '@eventstore/db-client';
import type { EventMetadata, ExpectedRevision, RecordedEvent } from '../event-store';

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/**
 * Our `position` is the event's commit position in the transaction log. Since
 * EventStoreDB 20 (no explicit transactions), every event is its own commit:
 * commit = prepare = the event's log position, unique and increasing in $all
 * order. So a checkpoint N resumes at `{ commit: N, prepare: N }`; the server
 * treats a read's start position as inclusive, so callers drop the event AT N.
 */
export function resumeAfter(after: number): ReadPosition {
  if (after === 0) return START;
  const position: Position = { commit: BigInt(after), prepare: BigInt(after) };
  return position;
}

/**
 * Consumers' checkpoints are events of their own streams (`threadtrak.checkpoint-{consumer}`), in the log
 * they point into but never part of it for readers. The name cannot collide with an event stream: `.` is
 * allowed in stream names, but no stream we write starts with this.
 */
export const CHECKPOINT_STREAM_PREFIX = 'threadtrak.checkpoint-';

/** Our events only: no link events, no `$`-typed events, no `$`-named streams, no checkpoints. */
export function isUserEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return (
    !!event &&
    !event.type.startsWith('$') &&
    !event.streamId.startsWith('$') &&
    !event.streamId.startsWith(CHECKPOINT_STREAM_PREFIX)
  );
}

export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event!;
  const commit = event.position?.commit ?? resolved.commitPosition ?? 0n;
  return {
    id: event.id,
    type: event.type,
    data: event.isJson ? event.data : decodeJson(event.data as Uint8Array),
    metadata: toMetadata(event.metadata),
    streamName: event.streamId,
    revision: Number(event.revision),
    position: Number(commit),
    recordedAt: event.created,
  };
}

function toMetadata(metadata: unknown): EventMetadata {
  if (metadata instanceof Uint8Array) return toMetadata(decodeJson(metadata));
  if (metadata && typeof metadata === 'object' && !Array.isArray(metadata))
    return metadata as EventMetadata;
  return {};
}

/** Events written by other tools may be binary; keep them readable if they happen to be JSON. */
function decodeJson(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
