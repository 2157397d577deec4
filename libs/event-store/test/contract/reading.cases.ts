import { randomUUID } from 'node:crypto';
import type { RecordedEvent } from '../../src';
import {
  collect,
  fullGc,
  readAllAfter,
  someEvents,
  uniqueStream,
  expectStrictlyIncreasing,
} from '../contract-helpers';
import type { ContractContext } from './context';

/** Reading: global order, readAll after a position, parts of a stream, a large stream read lazily. */
export function readingCases(ctx: ContractContext): void {
  describe('the whole log', () => {
    it('keeps global order across streams', async () => {
      const head = await ctx.store.headPosition();
      const streams = [uniqueStream('a'), uniqueStream('b'), uniqueStream('c')];
      const written: string[] = [];
      const results = [];
      for (let i = 0; i < 9; i++) {
        const events = someEvents(1 + (i % 2));
        results.push(await ctx.store.appendToStream(streams[i % 3], events));
        written.push(...events.map((e) => e.id));
      }
      const read = (await readAllAfter(ctx.store, head)).filter((e) =>
        streams.includes(e.streamName),
      );
      expect(read.map((e) => e.id)).toEqual(written);
      expectStrictlyIncreasing(read.map((e) => e.position));
      expectStrictlyIncreasing(results.map((r) => r.position));
    });

    it('readAll after a position is exclusive and honours maxCount', async () => {
      const stream = uniqueStream('after');
      const head = await ctx.store.headPosition();
      await ctx.store.appendToStream(stream, someEvents(5));
      const mine = (await readAllAfter(ctx.store, head)).filter((e) => e.streamName === stream);
      const fromThird = await collect(ctx.store.readAll({ after: mine[2].position }));
      expect(fromThird.slice(0, 2).map((e) => e.id)).toEqual([mine[3].id, mine[4].id]);
      const two = await collect(ctx.store.readAll({ after: mine[0].position, maxCount: 2 }));
      expect(two.map((e) => e.id)).toEqual([mine[1].id, mine[2].id]);
      expect(await collect(ctx.store.readAll({ after: await ctx.store.headPosition() }))).toEqual(
        [],
      );
    });
  });

  describe('reading a stream in parts', () => {
    let stream: string;
    beforeAll(async () => {
      stream = uniqueStream('parts');
      await ctx.store.appendToStream(stream, someEvents(10));
    });
    const revisions = (events: RecordedEvent[]) => events.map((e) => e.revision);

    it('backwards, from the end', async () => {
      expect(
        revisions(await collect(ctx.store.readStream(stream, { direction: 'backwards' }))),
      ).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    });
    it('from a revision, both ways (inclusive)', async () => {
      expect(revisions(await collect(ctx.store.readStream(stream, { fromRevision: 7 })))).toEqual([
        7, 8, 9,
      ]);
      expect(
        revisions(
          await collect(ctx.store.readStream(stream, { direction: 'backwards', fromRevision: 2 })),
        ),
      ).toEqual([2, 1, 0]);
      expect(await collect(ctx.store.readStream(stream, { fromRevision: 10 }))).toEqual([]);
    });
    it('with maxCount', async () => {
      expect(revisions(await collect(ctx.store.readStream(stream, { maxCount: 3 })))).toEqual([
        0, 1, 2,
      ]);
      expect(
        revisions(
          await collect(ctx.store.readStream(stream, { direction: 'backwards', maxCount: 2 })),
        ),
      ).toEqual([9, 8]);
      expect(
        revisions(await collect(ctx.store.readStream(stream, { fromRevision: 4, maxCount: 2 }))),
      ).toEqual([4, 5]);
      expect(await collect(ctx.store.readStream(stream, { maxCount: 0 }))).toEqual([]);
    });
  });

  describe('a large stream', () => {
    const size = ctx.largeStreamSize;
    const batch = 1000;
    let stream: string;

    beforeAll(async () => {
      stream = uniqueStream('large');
      let expectedRevision: number | 'no_stream' = 'no_stream';
      for (let from = 0; from < size; from += batch) {
        const events = Array.from({ length: Math.min(batch, size - from) }, (_, i) => ({
          id: randomUUID(),
          type: 'Counted',
          data: { n: from + i, pad: 'p'.repeat(300) },
        }));
        expectedRevision = (await ctx.store.appendToStream(stream, events, { expectedRevision }))
          .nextExpectedRevision;
      }
    }, 120_000);

    it(`reads ${size} events lazily, in order, without holding them all`, async () => {
      const gc = fullGc();
      gc?.();
      const baseline = process.memoryUsage().heapUsed;
      let peakRetained = 0;
      let count = 0;
      let lastPosition = 0;
      for await (const event of ctx.store.readStream(stream)) {
        if (
          event.revision !== count ||
          (event.data as { n: number }).n !== count ||
          event.position <= lastPosition
        ) {
          throw new Error(`out of order at ${count}: revision ${event.revision}`);
        }
        lastPosition = event.position;
        count++;
        if (gc && count % 25_000 === 0) {
          gc();
          peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed - baseline);
        }
      }
      expect(count).toBe(size);
      // Held whole, the stream would retain > size * 400 bytes (the padding alone is 300 per event).
      if (gc) expect(peakRetained).toBeLessThan((size * 400) / 4);
    }, 60_000);

    it('fetches only a page or so when the reader stops early', async () => {
      if (!ctx.fetchedRows) return;
      let before = ctx.fetchedRows();
      let taken = 0;
      for await (const _ of ctx.store.readStream(stream)) if (++taken === 10) break;
      expect(ctx.fetchedRows() - before).toBeLessThanOrEqual(1000);

      before = ctx.fetchedRows();
      taken = 0;
      for await (const _ of ctx.store.readAll()) if (++taken === 10) break;
      expect(ctx.fetchedRows() - before).toBeLessThanOrEqual(1000);
    });
  });
}
