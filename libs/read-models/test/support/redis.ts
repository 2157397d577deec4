import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisReadModelStore } from '../../src/redis/redis-read-model-store';

export const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';

/** A store under its own random prefix; `cleanup` deletes every key under it and closes the connection. */
export const redisTestStore = (options: { prefix?: string } = {}) => {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const prefix = options.prefix ?? `tt:test:${randomUUID()}:`;
  const store = new RedisReadModelStore({ redis, prefix });
  const cleanup = async () => {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  };
  return { store, redis, prefix, cleanup };
};
