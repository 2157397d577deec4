import { readModelStoreContract } from './read-model-store.contract';
import { redisTestStore } from './support/redis';

readModelStoreContract('redis', async () => redisTestStore());

describe('redis read-model store', () => {
  it('keeps every key under its prefix and survives a flushed script cache', async () => {
    const { store, redis, prefix, cleanup } = redisTestStore();
    try {
      await redis.script('FLUSH');
      expect(
        await store.apply('stats', { after: 0, position: 1 }, [
          { op: 'hincrby', key: 'stats:day', field: 'clicks', by: 1 },
        ]),
      ).toBe('applied');
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.sort()).toEqual([`${prefix}checkpoints`, `${prefix}stats:day`]);
    } finally {
      await cleanup();
    }
  });

  it('refuses applies while a reset is running', async () => {
    const { store, redis, prefix, cleanup } = redisTestStore();
    try {
      await store.apply('stats', { after: 0, position: 4 }, []);
      await redis.hset(`${prefix}checkpoints`, 'stats', '-1');
      expect(await store.checkpoint('stats')).toBe(-1);
      expect(await store.apply('stats', { after: 4, position: 5 }, [])).toBe('conflict');
      expect(await store.apply('stats', { after: 0, position: 5 }, [])).toBe('conflict');
    } finally {
      await cleanup();
    }
  });
});

describe('redis read models from any batch split', () => {
  it('equal, key by key, the in-memory read models of a rebuild from position 0', async () => {
    const fc = (await import('fast-check')).default;
    const { InMemoryReadModelStore } = await import('../src/in-memory-read-model-store');
    const { allProjections } = await import('../src/projections');
    const { projectInBatches } = await import('./support/given');
    const { batchSplits, ledgerHistory } = await import('./support/histories');
    await fc.assert(
      fc.asyncProperty(ledgerHistory, batchSplits, async (events, sizes) => {
        const redis = redisTestStore();
        try {
          const rebuilt = new InMemoryReadModelStore();
          for (const projection of allProjections()) {
            await projectInBatches(redis.store, projection, events, sizes);
            await projectInBatches(rebuilt, projection, events, [500]);
          }
          expect(await redis.store.dump()).toEqual(await rebuilt.dump());
        } finally {
          await redis.cleanup();
        }
      }),
      { numRuns: 25 },
    );
  });
});
