import {
  RESETTING,
  decideApply,
  validateOps,
  type ApplyResult,
  type BatchRange,
  type DumpedValue,
  type IndexPageOptions,
  type ReadModelStore,
  type StoredCheckpoint,
  type WriteOp,
} from './read-model-store';

type Entry =
  | { type: 'hash'; value: Map<string, string> }
  | { type: 'set'; value: Set<string> }
  /** Kept sorted ascending. */
  | { type: 'index'; value: string[] };

/**
 * The embedded default: documents in a Map. `apply` runs without awaiting anything, so a batch and its
 * checkpoint are one step of the event loop: atomic for every caller in the process.
 */
export class InMemoryReadModelStore implements ReadModelStore {
  private readonly entries = new Map<string, Entry>();
  private readonly checkpoints = new Map<string, number>();
  private readonly checkpointEvents = new Map<string, { id: string; hash?: string }>();

  async apply(
    projection: string,
    range: BatchRange,
    ops: readonly WriteOp[],
  ): Promise<ApplyResult> {
    validateOps(projection, ops);
    const result = decideApply(this.checkpoints.get(projection) ?? 0, range);
    if (result !== 'applied') return result;
    this.run(ops);
    this.checkpoints.set(projection, range.position);
    if (range.event) this.checkpointEvents.set(projection, range.event);
    else this.checkpointEvents.delete(projection);
    return result;
  }

  async checkpoint(projection: string): Promise<number> {
    return this.checkpoints.get(projection) ?? 0;
  }

  async storedCheckpoint(projection: string): Promise<StoredCheckpoint> {
    const event = this.checkpointEvents.get(projection);
    return {
      position: this.checkpoints.get(projection) ?? 0,
      ...(event && { eventId: event.id }),
      ...(event?.hash && { hash: event.hash }),
    };
  }

  async reset(projection: string): Promise<void> {
    this.checkpoints.set(projection, RESETTING);
    for (const key of [...this.entries.keys()])
      if (key.startsWith(`${projection}:`)) this.entries.delete(key);
    this.checkpoints.delete(projection);
    this.checkpointEvents.delete(projection);
  }

  async getHash(key: string): Promise<Record<string, string>> {
    const entry = this.entries.get(key);
    return entry?.type === 'hash' ? Object.fromEntries(entry.value) : {};
  }

  async getHashes(keys: readonly string[]): Promise<Record<string, string>[]> {
    return Promise.all(keys.map((key) => this.getHash(key)));
  }

  async indexPage(key: string, { before, limit }: IndexPageOptions): Promise<string[]> {
    const entry = this.entries.get(key);
    if (entry?.type !== 'index' || limit <= 0) return [];
    const members = entry.value;
    const end = before === undefined ? members.length : lowerBound(members, before);
    return members.slice(Math.max(0, end - limit), end).reverse();
  }

  async dump(projection?: string): Promise<Record<string, DumpedValue>> {
    const keys = [...this.entries.keys()]
      .filter((key) => !projection || key.startsWith(`${projection}:`))
      .sort();
    const dumped: Record<string, DumpedValue> = {};
    for (const key of keys) {
      const entry = this.entries.get(key)!;
      if (entry.type === 'hash') dumped[key] = { type: 'hash', value: sortedRecord(entry.value) };
      else if (entry.type === 'set')
        dumped[key] = { type: 'set', value: [...entry.value].sort(byteOrder) };
      else dumped[key] = { type: 'index', value: [...entry.value] };
    }
    return dumped;
  }

  async close(): Promise<void> {}

  private run(ops: readonly WriteOp[]): void {
    for (const op of ops) {
      switch (op.op) {
        case 'hincrby': {
          const hash = this.hash(op.key);
          const current = Number(hash.get(op.field) ?? '0');
          if (!Number.isSafeInteger(current))
            throw new Error(`${op.key} ${op.field} is not an integer`);
          hash.set(op.field, String(current + op.by));
          break;
        }
        case 'hset':
          if (Object.keys(op.fields).length === 0) break;
          for (const [field, value] of Object.entries(op.fields))
            this.hash(op.key).set(field, value);
          break;
        case 'hdel': {
          const entry = this.entries.get(op.key);
          if (entry?.type !== 'hash') break;
          for (const field of op.fields) entry.value.delete(field);
          if (entry.value.size === 0) this.entries.delete(op.key);
          break;
        }
        case 'sadd': {
          const set = this.set(op.key);
          if (set.has(op.member)) break;
          set.add(op.member);
          this.run(op.ifNew ?? []);
          break;
        }
        case 'zadd': {
          const members = this.index(op.key);
          const at = lowerBound(members, op.member);
          if (members[at] !== op.member) members.splice(at, 0, op.member);
          break;
        }
        case 'zrem': {
          const entry = this.entries.get(op.key);
          if (entry?.type !== 'index') break;
          const at = lowerBound(entry.value, op.member);
          if (entry.value[at] === op.member) entry.value.splice(at, 1);
          if (entry.value.length === 0) this.entries.delete(op.key);
          break;
        }
      }
    }
  }

  private hash(key: string): Map<string, string> {
    return this.entry(key, 'hash', () => new Map()) as Map<string, string>;
  }

  private set(key: string): Set<string> {
    return this.entry(key, 'set', () => new Set()) as Set<string>;
  }

  private index(key: string): string[] {
    return this.entry(key, 'index', () => []) as string[];
  }

  private entry(key: string, type: Entry['type'], create: () => Entry['value']): Entry['value'] {
    const entry = this.entries.get(key);
    if (entry && entry.type !== type)
      throw new Error(`${key} holds a ${entry.type}, not a ${type}`);
    if (entry) return entry.value;
    const value = create();
    this.entries.set(key, { type, value } as Entry);
    return value;
  }
}

/** Redis orders index members by their bytes; for UTF-8 that is code point order. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** First position whose member is ≥ `member`. */
const lowerBound = (members: readonly string[], member: string): number => {
  let low = 0;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (byteOrder(members[middle], member) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
};

const sortedRecord = (map: Map<string, string>): Record<string, string> =>
  Object.fromEntries([...map.entries()].sort(([a], [b]) => byteOrder(a, b)));
