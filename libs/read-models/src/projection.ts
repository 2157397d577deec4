import type { RecordedEvent } from '@threadtrak/event-store';
import { isLedgerEvent, type LedgerEvent } from '@threadtrak/ledger';
import type { ReadModelReader, WriteOp } from './read-model-store';

/**
 * A read model's write side. `project` turns one batch of events into the ops that bring the read model
 * from the checkpoint before the batch to its last event; the runner applies them atomically with the new
 * checkpoint. It may read the projection's own documents (the state before the batch), never another's.
 */
export interface Projection {
  readonly name: string;
  project(events: readonly RecordedEvent[], reader: ReadModelReader): Promise<WriteOp[]>;
}

/** The batch's ledger events; other types (from a newer writer) are not this version's business. */
export const ledgerEvents = (events: readonly RecordedEvent[]): LedgerEvent[] =>
  events
    .filter((event) => isLedgerEvent(event))
    .map((event) => ({ type: event.type, data: event.data }) as LedgerEvent);

const CANONICAL_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** `YYYY-MM-DD` of an instant, in UTC. Our events carry canonical UTC instants: their first 10 characters. */
export const utcDay = (instant: string): string =>
  CANONICAL_UTC.test(instant) ? instant.slice(0, 10) : new Date(instant).toISOString().slice(0, 10);

/** `YYYY-MM-DDTHH` of an instant, in UTC: the hour a client's repeat clicks count once in. */
export const utcHour = (instant: string): string =>
  CANONICAL_UTC.test(instant) ? instant.slice(0, 13) : new Date(instant).toISOString().slice(0, 13);

/** A canonical, sortable form of an instant: index members start with it. */
export const isoInstant = (instant: string): string => new Date(instant).toISOString();

/** Sums increments in memory so a batch of 500 clicks becomes a handful of HINCRBYs. */
export class Counters {
  private readonly sums = new Map<string, Map<string, number>>();

  add(key: string, field: string, by: number): void {
    const fields = this.sums.get(key) ?? new Map<string, number>();
    fields.set(field, (fields.get(field) ?? 0) + by);
    this.sums.set(key, fields);
  }

  /** Zero sums too: the field then exists whatever the batch split, as it would after HINCRBY by 0. */
  ops(): WriteOp[] {
    return [...this.sums].flatMap(([key, fields]) =>
      [...fields].map(([field, by]): WriteOp => ({ op: 'hincrby', key, field, by })),
    );
  }
}

/**
 * The per-batch memo of looked-up documents: loaded once from the store (the state before the batch),
 * then read and changed in memory, so an event sees the changes of the events before it in the same
 * batch. `ops()` writes the final state of every changed document.
 */
export class HashMemo {
  private readonly before = new Map<string, Record<string, string>>();
  private readonly after = new Map<string, Record<string, string>>();

  constructor(private readonly reader: ReadModelReader) {}

  async load(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((key) => !this.before.has(key));
    const hashes = await this.reader.getHashes(missing);
    missing.forEach((key, i) => {
      this.before.set(key, hashes[i]);
      this.after.set(key, { ...hashes[i] });
    });
  }

  /** The document as it was before the batch. */
  original(key: string): Record<string, string> {
    return this.loaded(this.before, key);
  }

  get(key: string): Record<string, string> {
    return this.loaded(this.after, key);
  }

  set(key: string, document: Record<string, string>): void {
    this.loaded(this.after, key);
    this.after.set(key, document);
  }

  changedKeys(): string[] {
    return [...this.after.keys()].filter(
      (key) => !sameRecord(this.before.get(key)!, this.after.get(key)!),
    );
  }

  ops(): WriteOp[] {
    return this.changedKeys().flatMap((key): WriteOp[] => {
      const before = this.before.get(key)!;
      const after = this.after.get(key)!;
      const set = Object.fromEntries(
        Object.entries(after).filter(([field, value]) => before[field] !== value),
      );
      const removed = Object.keys(before).filter((field) => !(field in after));
      const ops: WriteOp[] = [];
      if (Object.keys(set).length) ops.push({ op: 'hset', key, fields: set });
      if (removed.length) ops.push({ op: 'hdel', key, fields: removed });
      return ops;
    });
  }

  private loaded(map: Map<string, Record<string, string>>, key: string): Record<string, string> {
    const document = map.get(key);
    if (!document) throw new Error(`${key} was not loaded before the batch`);
    return document;
  }
}

const sameRecord = (a: Record<string, string>, b: Record<string, string>): boolean => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
};

/** Drops undefined fields: a document's absent field is an absent hash field. */
export const compact = (fields: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
