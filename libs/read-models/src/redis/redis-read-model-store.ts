import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  RESETTING,
  validateOps,
  type ApplyResult,
  type BatchRange,
  type DumpedValue,
  type IndexPageOptions,
  type ReadModelStore,
  type StoredCheckpoint,
  type WriteOp,
} from '../read-model-store';
import { APPLY_BATCH_LUA } from './apply-batch.lua';

export interface RedisReadModelStoreOptions {
  /** A connection URL (the store owns and closes the connection) or a client (the caller closes it). */
  redis: string | Redis;
  /** Put before every key, e.g. `tt:rm:`. One prefix per deployment, or per test. */
  prefix?: string;
}

type EncodedOp = (string | EncodedOp[])[];

const APPLY_SHA = createHash('sha1').update(APPLY_BATCH_LUA).digest('hex');

/**
 * Many hashes in one command, answered as one JSON string: a year of day counters is ~7,000 fields, and
 * one JSON.parse costs a fraction of decoding as many RESP strings. A missing hash encodes as `{}`.
 */
const GET_HASHES_LUA = `local out = {}
for i, key in ipairs(KEYS) do out[i] = redis.call('HGETALL', key) end
return cjson.encode(out)`;
const GET_HASHES_SHA = createHash('sha1').update(GET_HASHES_LUA).digest('hex');
const RESULTS: Record<number, ApplyResult> = { 1: 'applied', 0: 'skipped', [-1]: 'conflict' };

/**
 * Read models in Redis (a single node or a primary: the batch script names keys it computes, so it is not
 * for Redis Cluster). A batch is one EVALSHA; a dashboard read is one pipeline.
 */
export class RedisReadModelStore implements ReadModelStore {
  readonly prefix: string;
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;

  constructor(options: RedisReadModelStoreOptions) {
    this.ownsConnection = typeof options.redis === 'string';
    this.redis =
      typeof options.redis === 'string'
        ? new Redis(options.redis, { lazyConnect: false })
        : options.redis;
    this.prefix = options.prefix ?? 'tt:rm:';
  }

  async apply(
    projection: string,
    range: BatchRange,
    ops: readonly WriteOp[],
  ): Promise<ApplyResult> {
    validateOps(projection, ops);
    const event = range.event ? `${range.event.id} ${range.event.hash ?? ''}`.trim() : '';
    const args = [
      this.checkpointsKey,
      projection,
      String(range.after),
      String(range.position),
      this.prefix,
      JSON.stringify(encode(ops)),
      event,
    ];
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(APPLY_SHA, 1, ...args);
    } catch (error) {
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      reply = await this.redis.eval(APPLY_BATCH_LUA, 1, ...args);
    }
    const result = RESULTS[Number(reply)];
    if (!result) throw new Error(`unexpected reply ${String(reply)} from the apply script`);
    return result;
  }

  async checkpoint(projection: string): Promise<number> {
    return Number((await this.redis.hget(this.checkpointsKey, projection)) ?? 0);
  }

  async storedCheckpoint(projection: string): Promise<StoredCheckpoint> {
    const [position, event] = await this.redis.hmget(
      this.checkpointsKey,
      projection,
      `${projection}@event`,
    );
    const [eventId, hash] = (event ?? '').split(' ');
    return { position: Number(position ?? 0), ...(eventId && { eventId }), ...(hash && { hash }) };
  }

  /** Marks the projection as resetting first, so no runner can apply into half-deleted documents. */
  async reset(projection: string): Promise<void> {
    await this.redis.hset(this.checkpointsKey, projection, String(RESETTING));
    for await (const keys of this.scan(`${projection}:`))
      if (keys.length) await this.redis.unlink(...keys);
    await this.redis.hdel(this.checkpointsKey, projection, `${projection}@event`);
  }

  async getHash(key: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.prefix + key);
  }

  async getHashes(keys: readonly string[]): Promise<Record<string, string>[]> {
    if (keys.length === 0) return [];
    const prefixed = keys.map((key) => this.prefix + key);
    let reply: unknown;
    try {
      reply = await this.redis.evalsha(GET_HASHES_SHA, prefixed.length, ...prefixed);
    } catch (error) {
      if (!String((error as Error).message).includes('NOSCRIPT')) throw error;
      reply = await this.redis.eval(GET_HASHES_LUA, prefixed.length, ...prefixed);
    }
    return (JSON.parse(reply as string) as (string[] | Record<string, never>)[]).map((flat) => {
      const hash: Record<string, string> = {};
      if (!Array.isArray(flat)) return hash;
      for (let i = 0; i < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
      return hash;
    });
  }

  async indexPage(key: string, { before, limit }: IndexPageOptions): Promise<string[]> {
    if (limit <= 0) return [];
    const max = before === undefined ? '+' : `(${before}`;
    return (await this.redis.call(
      'ZRANGE',
      this.prefix + key,
      max,
      '-',
      'BYLEX',
      'REV',
      'LIMIT',
      0,
      limit,
    )) as string[];
  }

  async dump(projection?: string): Promise<Record<string, DumpedValue>> {
    const keys: string[] = [];
    for await (const batch of this.scan(projection ? `${projection}:` : '')) keys.push(...batch);
    const dumped: Record<string, DumpedValue> = {};
    for (const prefixed of keys.sort()) {
      const key = prefixed.slice(this.prefix.length);
      if (!projection && key === 'checkpoints') continue;
      const type = await this.redis.type(prefixed);
      if (type === 'hash') {
        const hash = await this.redis.hgetall(prefixed);
        dumped[key] = {
          type: 'hash',
          value: Object.fromEntries(Object.entries(hash).sort(([a], [b]) => byteCompare(a, b))),
        };
      } else if (type === 'set')
        dumped[key] = {
          type: 'set',
          value: (await this.redis.smembers(prefixed)).sort(byteCompare),
        };
      else if (type === 'zset')
        dumped[key] = { type: 'index', value: await this.redis.zrange(prefixed, 0, '-1') };
    }
    return Object.fromEntries(Object.entries(dumped).sort(([a], [b]) => byteCompare(a, b)));
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit();
  }

  private get checkpointsKey(): string {
    return `${this.prefix}checkpoints`;
  }

  private async *scan(keyPrefix: string): AsyncGenerator<string[]> {
    const match = `${escapeGlob(this.prefix + keyPrefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      yield keys;
    } while (cursor !== '0');
  }
}

const encode = (ops: readonly WriteOp[]): EncodedOp[] =>
  ops.flatMap((op): EncodedOp[] => {
    switch (op.op) {
      case 'hincrby':
        return [['i', op.key, op.field, String(op.by)]];
      case 'hset': {
        const fields = Object.entries(op.fields).flat();
        return fields.length ? [['h', op.key, ...fields]] : [];
      }
      case 'hdel':
        return op.fields.length ? [['d', op.key, ...op.fields]] : [];
      case 'sadd':
        return [['s', op.key, op.member, encode(op.ifNew ?? [])]];
      case 'zadd':
        return [['z', op.key, op.member]];
      case 'zrem':
        return [['r', op.key, op.member]];
    }
  });

const escapeGlob = (text: string): string =>
  text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);

const byteCompare = (a: string, b: string): number =>
  Buffer.compare(Buffer.from(a), Buffer.from(b));
