import type { RecordedEvent } from '../../src';
import {
  readAllAfter,
  someEvents,
  uniqueStream,
  waitFor,
  expectStrictlyIncreasing,
} from '../contract-helpers';
import type { ContractContext } from './context';

/** Subscriptions: catch-up then live, resume from a checkpoint, handler errors, stop(). */
export function subscriptionCases(ctx: ContractContext): void {
  describe('subscription to the whole log', () => {
    it('catches up in batches, then receives live events', async () => {
      const head = await ctx.store.headPosition();
      const stream = uniqueStream('sub');
      const before = someEvents(7);
      await ctx.store.appendToStream(stream, before);
      const seen: RecordedEvent[] = [];
      const batchSizes: number[] = [];
      let running = 0;
      let overlapped = false;
      const subscription = ctx.store.subscribeToAll(
        async (batch) => {
          overlapped ||= running++ > 0;
          batchSizes.push(batch.length);
          await new Promise((resolve) => setTimeout(resolve, 1));
          seen.push(...batch);
          running--;
        },
        { after: head, batchSize: 3 },
      );
      await waitFor(() => seen.length >= 7, 10_000, 'catch-up');
      const live = someEvents(4);
      await ctx.store.appendToStream(stream, live.slice(0, 2));
      await ctx.store.appendToStream(uniqueStream('sub-other'), live.slice(2));
      await waitFor(() => seen.length >= 11, 10_000, 'live events');
      await subscription.stop();
      await expect(subscription.done).resolves.toBeUndefined();

      expect(seen.map((e) => e.id)).toEqual([...before, ...live].map((e) => e.id));
      expectStrictlyIncreasing(seen.map((e) => e.position));
      expect(Math.max(...batchSizes)).toBeLessThanOrEqual(3);
      expect(overlapped).toBe(false);
    });

    it('resumes from a checkpoint with exactly the rest', async () => {
      const head = await ctx.store.headPosition();
      const stream = uniqueStream('resume');
      const events = someEvents(6);
      await ctx.store.appendToStream(stream, events);
      const all = await readAllAfter(ctx.store, head);
      const checkpoint = all[2].position;

      const seen: RecordedEvent[] = [];
      const subscription = ctx.store.subscribeToAll(async (batch) => void seen.push(...batch), {
        after: checkpoint,
      });
      await waitFor(() => seen.length >= 3, 10_000, 'the rest');
      await new Promise((resolve) => setTimeout(resolve, 150));
      await subscription.stop();
      expect(seen.map((e) => e.id)).toEqual(events.slice(3).map((e) => e.id));
    });

    it('a handler error ends the subscription and rejects done with that error', async () => {
      const head = await ctx.store.headPosition();
      await ctx.store.appendToStream(uniqueStream('boom'), someEvents(3));
      const failure = new Error('projection failed');
      let calls = 0;
      const subscription = ctx.store.subscribeToAll(
        async () => {
          calls++;
          throw failure;
        },
        { after: head, batchSize: 1 },
      );
      await expect(subscription.done).rejects.toBe(failure);
      await ctx.store.appendToStream(uniqueStream('boom'), someEvents(1));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(calls).toBe(1);
      await expect(subscription.stop()).resolves.toBeUndefined();
    });

    it('stop() ends it cleanly: no call after stop resolves', async () => {
      const head = await ctx.store.headPosition();
      const stream = uniqueStream('stop');
      await ctx.store.appendToStream(stream, someEvents(1));
      let calls = 0;
      const subscription = ctx.store.subscribeToAll(async () => void calls++, { after: head });
      await waitFor(() => calls === 1, 10_000, 'first batch');
      await subscription.stop();
      await ctx.store.appendToStream(stream, someEvents(2));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(calls).toBe(1);
      await expect(subscription.done).resolves.toBeUndefined();
    });
  });
}
