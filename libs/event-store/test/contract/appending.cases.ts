import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError } from '../../src';
import { collect, someEvents, uniqueStream } from '../contract-helpers';
import type { ContractContext } from './context';

/** Appending: read-back, expected revisions, races, idempotent retries. */
export function appendingCases(ctx: ContractContext): void {
  describe('appending and reading a stream', () => {
    it('appends to a new stream and reads the events back', async () => {
      const stream = uniqueStream('order');
      const events = someEvents(3);
      const result = await ctx.store.appendToStream(stream, events);
      const read = await collect(ctx.store.readStream(stream));

      expect(result.nextExpectedRevision).toBe(2);
      expect(read.map((e) => [e.id, e.type, e.data, e.metadata, e.streamName, e.revision])).toEqual(
        events.map((e, i) => [e.id, e.type, e.data, e.metadata, stream, i]),
      );
      expect(read[0].position).toBeGreaterThan(0);
      expect(read[1].position).toBeGreaterThan(read[0].position);
      expect(read[2].position).toBeGreaterThan(read[1].position);
      expect(result.position).toBe(read[2].position);
      expect(read[0].recordedAt).toBeInstanceOf(Date);
      expect(await ctx.store.headPosition()).toBeGreaterThanOrEqual(result.position);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await collect(ctx.store.readStream(uniqueStream('nobody')))).toEqual([]);
    });

    it('stores metadata as given and an absent one as empty', async () => {
      const stream = uniqueStream('meta');
      await ctx.store.appendToStream(stream, [
        {
          id: randomUUID(),
          type: 'A',
          data: { a: 1 },
          metadata: { correlationId: 'c', causationId: 'd', actor: 'admin', extra: [1] },
        },
        { id: randomUUID(), type: 'B', data: ['x', null] },
      ]);
      const [first, second] = await collect(ctx.store.readStream(stream));
      expect(first.metadata).toEqual({
        correlationId: 'c',
        causationId: 'd',
        actor: 'admin',
        extra: [1],
      });
      expect(second.metadata).toEqual({});
      expect(second.data).toEqual(['x', null]);
    });
  });

  describe('expected revision', () => {
    it('no_stream: only creates a stream', async () => {
      const stream = uniqueStream('no-stream');
      await expect(
        ctx.store.appendToStream(stream, someEvents(1), { expectedRevision: 'no_stream' }),
      ).resolves.toMatchObject({
        nextExpectedRevision: 0,
      });
      const refused = ctx.store.appendToStream(stream, someEvents(1), {
        expectedRevision: 'no_stream',
      });
      await expect(refused).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(refused).rejects.toMatchObject({
        code: 'wrong_expected_revision',
        streamName: stream,
        expected: 'no_stream',
        actual: 0,
      });
    });

    it('stream_exists: only appends to an existing stream', async () => {
      const stream = uniqueStream('exists');
      const refused = ctx.store.appendToStream(stream, someEvents(1), {
        expectedRevision: 'stream_exists',
      });
      await expect(refused).rejects.toMatchObject({
        code: 'wrong_expected_revision',
        actual: 'no_stream',
      });
      await ctx.store.appendToStream(stream, someEvents(1));
      await expect(
        ctx.store.appendToStream(stream, someEvents(2), { expectedRevision: 'stream_exists' }),
      ).resolves.toMatchObject({
        nextExpectedRevision: 2,
      });
    });

    it('a number: the revision of the last event must be exactly that', async () => {
      const stream = uniqueStream('number');
      await expect(
        ctx.store.appendToStream(stream, someEvents(1), { expectedRevision: 0 }),
      ).rejects.toMatchObject({
        actual: 'no_stream',
      });
      const first = await ctx.store.appendToStream(stream, someEvents(2), {
        expectedRevision: 'no_stream',
      });
      expect(first.nextExpectedRevision).toBe(1);
      await expect(
        ctx.store.appendToStream(stream, someEvents(1), { expectedRevision: 0 }),
      ).rejects.toMatchObject({
        expected: 0,
        actual: 1,
      });
      await expect(
        ctx.store.appendToStream(stream, someEvents(1), { expectedRevision: 5 }),
      ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const next = await ctx.store.appendToStream(stream, someEvents(1), {
        expectedRevision: first.nextExpectedRevision,
      });
      expect(next.nextExpectedRevision).toBe(2);
      expect((await collect(ctx.store.readStream(stream))).map((e) => e.revision)).toEqual([
        0, 1, 2,
      ]);
    });

    it('any: appends whatever the stream holds (the default)', async () => {
      const stream = uniqueStream('any');
      await ctx.store.appendToStream(stream, someEvents(1), { expectedRevision: 'any' });
      await ctx.store.appendToStream(stream, someEvents(1), { expectedRevision: 'any' });
      const last = await ctx.store.appendToStream(stream, someEvents(1));
      expect(last.nextExpectedRevision).toBe(2);
    });

    it('two concurrent writers with the same expected revision: exactly one wins', async () => {
      for (let round = 0; round < 10; round++) {
        const stream = uniqueStream('race');
        await ctx.store.appendToStream(stream, someEvents(1));
        const outcomes = await Promise.allSettled([
          ctx.store.appendToStream(stream, someEvents(2), { expectedRevision: 0 }),
          ctx.store.appendToStream(stream, someEvents(2), { expectedRevision: 0 }),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(await collect(ctx.store.readStream(stream))).toHaveLength(3);
      }
    });

    it('two concurrent creators of the same stream: exactly one wins', async () => {
      const stream = uniqueStream('create-race');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          ctx.store.appendToStream(stream, someEvents(1), { expectedRevision: 'no_stream' }),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(await collect(ctx.store.readStream(stream))).toHaveLength(1);
    });
  });

  describe('idempotent retry (ids derived from the cause)', () => {
    it('a retried batch returns the first result and writes nothing', async () => {
      const stream = uniqueStream('retry');
      await ctx.store.appendToStream(stream, someEvents(1));
      const batch = someEvents(3);
      const first = await ctx.store.appendToStream(stream, batch, { expectedRevision: 0 });
      await ctx.store.appendToStream(stream, someEvents(1));
      const head = await ctx.store.headPosition();

      const again = await ctx.store.appendToStream(stream, batch, { expectedRevision: 0 });
      const stale = await ctx.store.appendToStream(stream, batch, {
        expectedRevision: 'no_stream',
      });

      expect(again).toEqual(first);
      expect(stale).toEqual(first);
      expect(await ctx.store.headPosition()).toBe(head);
      expect(await collect(ctx.store.readStream(stream))).toHaveLength(5);
    });

    it('a concurrent duplicate of a batch is written once', async () => {
      const stream = uniqueStream('retry-race');
      const batch = someEvents(2);
      const [a, b] = await Promise.all([
        ctx.store.appendToStream(stream, batch),
        ctx.store.appendToStream(stream, batch),
      ]);
      expect(a).toEqual(b);
      expect(await collect(ctx.store.readStream(stream))).toHaveLength(2);
    });

    it('a partial retry (same first id, different rest) is refused and writes nothing', async () => {
      const stream = uniqueStream('partial');
      const batch = someEvents(2);
      await ctx.store.appendToStream(stream, batch);
      const head = await ctx.store.headPosition();

      const changed = [batch[0], ...someEvents(1)];
      const longer = [...batch, ...someEvents(1)];
      await expect(ctx.store.appendToStream(stream, changed)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      await expect(ctx.store.appendToStream(stream, longer)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      expect(await ctx.store.headPosition()).toBe(head);
      expect(await collect(ctx.store.readStream(stream))).toHaveLength(2);
    });
  });
}
