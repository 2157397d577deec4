import type { ReadModelStore, WriteOp } from '../src/read-model-store';

export interface ContractFixture {
  store: ReadModelStore;
  cleanup(): Promise<void>;
}

/** What every read-model store must do, run against each adapter (emmett-style). */
export const readModelStoreContract = (adapter: string, open: () => Promise<ContractFixture>) =>
  describe(`read-model store contract: ${adapter}`, () => {
    let fixture: ContractFixture;
    let store: ReadModelStore;
    beforeEach(async () => {
      fixture = await open();
      store = fixture.store;
    });
    afterEach(() => fixture.cleanup());

    const P = 'stats';
    const incr = (field: string, by = 1): WriteOp => ({
      op: 'hincrby',
      key: 'stats:day',
      field,
      by,
    });

    it('starts every projection at checkpoint 0 with empty documents', async () => {
      expect(await store.checkpoint(P)).toBe(0);
      expect(await store.getHash('stats:day')).toEqual({});
      expect(await store.getHashes(['stats:a', 'stats:b'])).toEqual([{}, {}]);
      expect(await store.getHashes([])).toEqual([]);
      expect(await store.indexPage('stats:list', { limit: 10 })).toEqual([]);
    });

    it('writes a batch and its checkpoint together', async () => {
      expect(
        await store.apply(P, { after: 0, position: 3 }, [
          incr('clicks', 2),
          incr('sales'),
          incr('clicks', -1),
        ]),
      ).toBe('applied');
      expect(await store.checkpoint(P)).toBe(3);
      expect(await store.getHash('stats:day')).toEqual({ clicks: '1', sales: '1' });
    });

    it('skips a batch it already applied: a replay after a crash changes nothing', async () => {
      await store.apply(P, { after: 0, position: 3 }, [incr('clicks')]);
      await store.apply(P, { after: 3, position: 5 }, [incr('clicks')]);
      expect(await store.apply(P, { after: 0, position: 3 }, [incr('clicks')])).toBe('skipped');
      expect(await store.apply(P, { after: 3, position: 5 }, [incr('clicks')])).toBe('skipped');
      expect(await store.getHash('stats:day')).toEqual({ clicks: '2' });
      expect(await store.checkpoint(P)).toBe(5);
    });

    it('refuses a batch computed from another checkpoint, writing nothing', async () => {
      await store.apply(P, { after: 0, position: 3 }, [incr('clicks')]);
      expect(await store.apply(P, { after: 1, position: 4 }, [incr('clicks')])).toBe('conflict');
      expect(await store.apply(P, { after: 5, position: 7 }, [incr('clicks')])).toBe('conflict');
      expect(await store.getHash('stats:day')).toEqual({ clicks: '1' });
      expect(await store.checkpoint(P)).toBe(3);
    });

    it('moves the checkpoint of an empty batch', async () => {
      expect(await store.apply(P, { after: 0, position: 9 }, [])).toBe('applied');
      expect(await store.checkpoint(P)).toBe(9);
    });

    it('keeps the event at the checkpoint with it, and drops it on a reset', async () => {
      await store.apply(P, { after: 0, position: 3, event: { id: 'ev-3', hash: 'ab12' } }, []);
      expect(await store.storedCheckpoint(P)).toEqual({
        position: 3,
        eventId: 'ev-3',
        hash: 'ab12',
      });
      await store.apply(P, { after: 3, position: 4, event: { id: 'ev-4' } }, []);
      expect(await store.storedCheckpoint(P)).toEqual({ position: 4, eventId: 'ev-4' });
      await store.apply(P, { after: 4, position: 5 }, []);
      expect(await store.storedCheckpoint(P)).toEqual({ position: 5 });
      await store.reset(P);
      expect(await store.storedCheckpoint(P)).toEqual({ position: 0 });
    });

    it('keeps each projection’s checkpoint apart', async () => {
      await store.apply(P, { after: 0, position: 4 }, []);
      await store.apply('other', { after: 0, position: 2 }, [
        { op: 'hset', key: 'other:x', fields: { a: 'b' } },
      ]);
      expect([await store.checkpoint(P), await store.checkpoint('other')]).toEqual([4, 2]);
    });

    it('lets exactly one of concurrent applies from the same checkpoint win', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.apply(P, { after: 0, position: 10 + (i % 3) }, [incr('clicks')]),
        ),
      );
      expect(results.filter((result) => result === 'applied')).toHaveLength(1);
      expect(await store.getHash('stats:day')).toEqual({ clicks: '1' });
    });

    it('sets, overwrites and deletes hash fields; a hash without fields is gone', async () => {
      await store.apply(P, { after: 0, position: 1 }, [
        { op: 'hset', key: 'stats:doc', fields: { a: '1', b: '2' } },
        { op: 'hset', key: 'stats:doc', fields: { b: '3', c: '' } },
        { op: 'hdel', key: 'stats:doc', fields: ['a', 'missing'] },
        { op: 'hset', key: 'stats:gone', fields: { a: '1' } },
        { op: 'hdel', key: 'stats:gone', fields: ['a'] },
      ]);
      expect(await store.getHashes(['stats:doc', 'stats:gone'])).toEqual([{ b: '3', c: '' }, {}]);
      expect(Object.keys(await store.dump(P))).toEqual(['stats:doc']);
    });

    it('reads back any campaign tag as written, whatever its characters', async () => {
      const tags = ['"quoted"|piped', 'back\\slash/slash', 'ünïcode 🚀', 'line\nbreak', '123'];
      const fields = Object.fromEntries(tags.map((tag, i) => [`${tag}|product|clicks`, String(i)]));
      await store.apply(P, { after: 0, position: 1 }, [
        { op: 'hset', key: 'stats:day:2025-01-01', fields },
      ]);
      expect(await store.getHashes(['stats:day:2025-01-01', 'stats:day:2025-01-02'])).toEqual([
        fields,
        {},
      ]);
    });

    it('applies the ops of a set member only when the member is new, within the same batch too', async () => {
      const visit = (member: string): WriteOp => ({
        op: 'sadd',
        key: 'stats:visitors',
        member,
        ifNew: [incr('uniqueClicks')],
      });
      await store.apply(P, { after: 0, position: 1 }, [visit('v1'), visit('v1'), visit('v2')]);
      await store.apply(P, { after: 1, position: 2 }, [visit('v2'), visit('v3')]);
      expect(await store.getHash('stats:day')).toEqual({ uniqueClicks: '3' });
      expect((await store.dump(P))['stats:visitors']).toEqual({
        type: 'set',
        value: ['v1', 'v2', 'v3'],
      });
    });

    it('a set member nested under another applies its ops only when both are new (unique clicks: client, then visitor)', async () => {
      const click = (client: string, visitor: string): WriteOp => ({
        op: 'sadd',
        key: 'stats:clients',
        member: client,
        ifNew: [
          { op: 'sadd', key: 'stats:visitors', member: visitor, ifNew: [incr('uniqueClicks')] },
        ],
      });
      await store.apply(P, { after: 0, position: 1 }, [
        click('c1', 'v1'),
        click('c1', 'v2'),
        click('c2', 'v1'),
        click('c3', 'v3'),
      ]);
      expect(await store.getHash('stats:day')).toEqual({ uniqueClicks: '2' });
      const dump = await store.dump(P);
      expect(dump['stats:clients']).toEqual({ type: 'set', value: ['c1', 'c2', 'c3'] });
      expect(dump['stats:visitors']).toEqual({ type: 'set', value: ['v1', 'v3'] });
    });

    it('pages an index newest first, strictly after the cursor', async () => {
      const members = [
        '2025-01-01T00:00:00.000Z|a',
        '2025-01-02T00:00:00.000Z|b',
        '2025-01-02T00:00:00.000Z|c',
        '2025-01-03T00:00:00.000Z|a',
      ];
      await store.apply(
        P,
        { after: 0, position: 1 },
        [...members]
          .reverse()
          .map((member): WriteOp => ({ op: 'zadd', key: 'stats:list', member })),
      );
      const first = await store.indexPage('stats:list', { limit: 3 });
      expect(first).toEqual([members[3], members[2], members[1]]);
      expect(await store.indexPage('stats:list', { limit: 3, before: first[2] })).toEqual([
        members[0],
      ]);
      expect(await store.indexPage('stats:list', { limit: 3, before: members[0] })).toEqual([]);
      expect(
        await store.indexPage('stats:list', { limit: 2, before: '2025-01-02T12:00:00.000Z' }),
      ).toEqual([members[2], members[1]]);
    });

    it('adds an index member once and removes it', async () => {
      await store.apply(P, { after: 0, position: 1 }, [
        { op: 'zadd', key: 'stats:list', member: 'x' },
        { op: 'zadd', key: 'stats:list', member: 'x' },
        { op: 'zadd', key: 'stats:list', member: 'y' },
        { op: 'zrem', key: 'stats:list', member: 'x' },
        { op: 'zrem', key: 'stats:list', member: 'never' },
      ]);
      expect(await store.indexPage('stats:list', { limit: 10 })).toEqual(['y']);
    });

    it('refuses a key outside the projection, or a fractional increment, before writing anything', async () => {
      await expect(
        store.apply(P, { after: 0, position: 1 }, [
          incr('ok'),
          { op: 'hincrby', key: 'balances:x', field: 'a', by: 1 },
        ]),
      ).rejects.toThrow(/not under/);
      await expect(
        store.apply(P, { after: 0, position: 1 }, [incr('ok'), incr('cents', 0.5)]),
      ).rejects.toThrow(/hincrby/);
      expect(await store.getHash('stats:day')).toEqual({});
      expect(await store.checkpoint(P)).toBe(0);
    });

    it('resets one projection: its documents and checkpoint go, the others stay', async () => {
      await store.apply(P, { after: 0, position: 5 }, [
        incr('clicks'),
        { op: 'sadd', key: 'stats:visitors', member: 'v' },
        { op: 'zadd', key: 'stats:list', member: 'm' },
      ]);
      await store.apply('stats2', { after: 0, position: 5 }, [
        { op: 'hincrby', key: 'stats2:day', field: 'clicks', by: 7 },
      ]);
      await store.reset(P);
      expect(await store.checkpoint(P)).toBe(0);
      expect(await store.dump(P)).toEqual({});
      expect(await store.getHash('stats2:day')).toEqual({ clicks: '7' });
      expect(await store.checkpoint('stats2')).toBe(5);
      expect(await store.apply(P, { after: 0, position: 2 }, [incr('clicks')])).toBe('applied');
    });

    it('keeps large counts exact', async () => {
      await store.apply(P, { after: 0, position: 1 }, [
        incr('revenueCents', 90_000_000_000_000),
        incr('revenueCents', 7_000_000_000_001),
      ]);
      expect(await store.getHash('stats:day')).toEqual({ revenueCents: '97000000000001' });
    });

    it('dumps documents by type, sorted', async () => {
      await store.apply(P, { after: 0, position: 1 }, [
        { op: 'zadd', key: 'stats:z', member: 'b' },
        { op: 'zadd', key: 'stats:z', member: 'a' },
        { op: 'sadd', key: 'stats:s', member: 'q' },
        { op: 'hset', key: 'stats:h', fields: { f: 'v' } },
      ]);
      expect(await store.dump(P)).toEqual({
        'stats:h': { type: 'hash', value: { f: 'v' } },
        'stats:s': { type: 'set', value: ['q'] },
        'stats:z': { type: 'index', value: ['a', 'b'] },
      });
    });
  });
