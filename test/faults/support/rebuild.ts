import type { EventStore } from '@threadtrak/event-store';
import { RedisReadModelStore, replayProjections, type DumpedValue } from '@threadtrak/read-models';
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { dropKeys, REDIS_URL } from './deployment';

/** Every read model projected from position 0 in one clean run, in Redis under a throwaway prefix. */
export const cleanRebuild = async (store: EventStore): Promise<Record<string, DumpedValue>> => {
  const prefix = `tt:faults-rebuild:${randomBytes(4).toString('hex')}:`;
  const readModels = new RedisReadModelStore({ redis: REDIS_URL, prefix });
  try {
    await replayProjections({ eventStore: store, store: readModels });
    return await readModels.dump();
  } finally {
    await readModels.close();
    await dropKeys(prefix);
  }
};

/** The keys whose documents differ (at most `limit`), with both sides: empty when equal key by key. */
export const differences = (
  live: Record<string, DumpedValue>,
  rebuilt: Record<string, DumpedValue>,
  limit = 10,
) => {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(rebuilt)])].sort();
  return keys
    .filter((key) => !isDeepStrictEqual(live[key], rebuilt[key]))
    .slice(0, limit)
    .map((key) => ({ key, live: live[key], rebuilt: rebuilt[key] }));
};

/** The smallest projection checkpoint: every read model has applied the log up to here. */
export const projectedUpTo = async (
  readModels: RedisReadModelStore,
  names: readonly string[],
): Promise<number> =>
  Math.min(...(await Promise.all(names.map((name) => readModels.checkpoint(name)))));
