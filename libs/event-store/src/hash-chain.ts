import { createHash } from 'node:crypto';
import type { RecordedEvent } from './event-store';

/**
 * The log's hash chain: tamper evidence for stores whose rows an operator could edit (SQLite, PostgreSQL).
 * Each event's hash covers its predecessor's hash and its own contents, so editing or deleting a stored
 * event breaks the chain at that event or at the one after it.
 *
 *   hash(n)   = sha256hex(hash(n-1) \n position \n stream \n revision \n id \n type \n recordedAtMs \n digest(n))
 *   digest(n) = sha256hex(canonicalJson(data) \n canonicalJson(metadata))
 *   hash(0)   = 64 zeros (the genesis)
 *
 * Stream names, types and ids cannot hold a newline, so the fields cannot run into each other. Data and
 * metadata enter through a digest of their canonical JSON (object keys sorted): PostgreSQL's jsonb does not
 * keep key order, so a digest of the JSON text as sent would not survive the round trip. The digest is
 * computed in Node by the appender; the link itself is computed where the position is drawn (in the SQLite
 * transaction, in PostgreSQL's `append_batch`), in append order.
 */
export const GENESIS_HASH = '0'.repeat(64);

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** JSON.stringify with object keys sorted; null-prototype copies, so a `__proto__` key is kept as data. */
export const canonicalJson = (value: unknown): string => JSON.stringify(value, sortKeys);

function sortKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const sorted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value).sort())
    sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/** Digest of an event's data and metadata, from their parsed values. */
export const contentDigest = (data: unknown, metadata: unknown): string =>
  sha256(`${canonicalJson(data)}\n${canonicalJson(metadata)}`);

/** Digest of an event as the adapters hold it before writing: data and metadata as JSON text. */
export const serializedDigest = (event: { data: string; metadata: string }): string =>
  contentDigest(JSON.parse(event.data), JSON.parse(event.metadata));

export interface ChainLink {
  position: number;
  streamName: string;
  revision: number;
  id: string;
  type: string;
  recordedAtMs: number;
  digest: string;
}

export const linkHash = (previous: string, link: ChainLink): string =>
  sha256(
    `${previous}\n${link.position}\n${link.streamName}\n${link.revision}\n${link.id}\n${link.type}\n${link.recordedAtMs}\n${link.digest}`,
  );

/** The hash a recorded event should carry after `previous`, recomputed from what the store holds. */
export const hashOfRecorded = (previous: string, event: RecordedEvent): string =>
  linkHash(previous, {
    position: event.position,
    streamName: event.streamName,
    revision: event.revision,
    id: event.id,
    type: event.type,
    recordedAtMs: event.recordedAt.getTime(),
    digest: contentDigest(event.data, event.metadata),
  });
