import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Lease, Leases } from './lease';

/** Free → the next token from the lease's counter, and the lease set to `owner|token` with its ttl. */
const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. token, 'PX', ARGV[2])
return token`;

/** Compare-and-renew: only the value written at acquisition extends it. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;

const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type LeaseCommands = Redis & {
  leaseAcquire(key: string, counter: string, owner: string, ttlMs: number): Promise<number>;
  leaseRenew(key: string, value: string, ttlMs: number): Promise<number>;
  leaseRelease(key: string, value: string): Promise<number>;
};

export interface RedisLeasesOptions {
  /** A connection URL (closed by `close`) or a client (the caller closes it). */
  redis: string | Redis;
  /** Before every key: `{prefix}lease:{name}` holds `owner|token`, `{prefix}lease-token:{name}` the counter. */
  prefix: string;
  ttlMs?: number;
  /** Default `{hostname}:{pid}:{random}`: unique per process start. */
  owner?: string;
}

/**
 * Leases in Redis (one node or a primary): SET-if-absent with an expiry, a token from INCR in the same
 * script, renewal and release only by the value written at acquisition. Redis runs each script without
 * interleaving, so two processes can never both see the lease free and both take it.
 */
export class RedisLeases implements Leases {
  readonly ttlMs: number;
  readonly owner: string;
  private readonly redis: LeaseCommands;
  private readonly ownsConnection: boolean;

  constructor(private readonly options: RedisLeasesOptions) {
    this.ttlMs = options.ttlMs ?? 5000;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    if (this.owner.includes('|')) throw new TypeError('a lease owner cannot contain "|"');
    this.ownsConnection = typeof options.redis === 'string';
    const redis =
      typeof options.redis === 'string'
        ? new Redis(options.redis, { maxRetriesPerRequest: 2 })
        : options.redis;
    redis.defineCommand('leaseAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    redis.defineCommand('leaseRenew', { numberOfKeys: 1, lua: RENEW });
    redis.defineCommand('leaseRelease', { numberOfKeys: 1, lua: RELEASE });
    this.redis = redis as LeaseCommands;
  }

  lease(name: string): Lease {
    const key = `${this.options.prefix}lease:${name}`;
    const counter = `${this.options.prefix}lease-token:${name}`;
    const value = (token: number) => `${this.owner}|${token}`;
    return {
      name,
      tryAcquire: async () => {
        const token = Number(await this.redis.leaseAcquire(key, counter, this.owner, this.ttlMs));
        return token > 0 ? token : null;
      },
      renew: async (token) => (await this.redis.leaseRenew(key, value(token), this.ttlMs)) === 1,
      release: async (token) => {
        await this.redis.leaseRelease(key, value(token));
      },
      holder: async () => {
        const [[, held], [, ttl]] = (await this.redis.multi().get(key).pttl(key).exec()) as [
          [unknown, string | null],
          [unknown, number],
        ];
        if (!held) return null;
        const bar = held.lastIndexOf('|');
        return {
          owner: held.slice(0, bar),
          token: Number(held.slice(bar + 1)),
          expiresInMs: Math.max(0, ttl),
        };
      },
    };
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => undefined);
  }
}
