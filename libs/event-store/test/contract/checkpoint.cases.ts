import { randomUUID } from 'node:crypto';
import { checkpointAt, checkpointMatches, InvalidEventError } from '../../src';
import { readAllAfter, someEvents, uniqueStream } from '../contract-helpers';
import type { ContractContext } from './context';

/** Checkpoints kept beside the log, and the lookup that verifies them against it. */
export function checkpointCases(ctx: ContractContext): void {
  describe('checkpoints', () => {
    it('a consumer without a checkpoint reads null', async () => {
      expect(await ctx.store.readCheckpoint(`none-${randomUUID().slice(0, 8)}`)).toBeNull();
    });

    it('keeps the position, the event id and the chain link of the event at that position, the last write winning', async () => {
      const head = await ctx.store.headPosition();
      await ctx.store.appendToStream(uniqueStream('cp'), someEvents(3));
      const [first, , third] = await readAllAfter(ctx.store, head);
      const consumer = `consumer-${randomUUID().slice(0, 8)}`;
      await ctx.store.writeCheckpoint(consumer, checkpointAt(first!));
      await ctx.store.writeCheckpoint(consumer, checkpointAt(third!));
      const stored = await ctx.store.readCheckpoint(consumer);
      expect(stored).toEqual(checkpointAt(third!));
      expect(stored!.hash).toBe(third!.hash);
    });

    it('keeps one checkpoint per consumer', async () => {
      const head = await ctx.store.headPosition();
      await ctx.store.appendToStream(uniqueStream('cp'), someEvents(2));
      const [a, b] = await readAllAfter(ctx.store, head);
      const one = `one-${randomUUID().slice(0, 8)}`;
      const two = `two-${randomUUID().slice(0, 8)}`;
      await ctx.store.writeCheckpoint(one, checkpointAt(a!));
      await ctx.store.writeCheckpoint(two, checkpointAt(b!));
      expect((await ctx.store.readCheckpoint(one))!.eventId).toBe(a!.id);
      expect((await ctx.store.readCheckpoint(two))!.eventId).toBe(b!.id);
    });

    it('checkpoints are not events: readers of the log and the head never see them', async () => {
      await ctx.store.appendToStream(uniqueStream('cp'), someEvents(1));
      const head = await ctx.store.headPosition();
      const last = (await readAllAfter(ctx.store, head - 1)).at(-1)!;
      await ctx.store.writeCheckpoint(`hidden-${randomUUID().slice(0, 8)}`, checkpointAt(last));
      expect(await ctx.store.headPosition()).toBe(head);
      expect(await readAllAfter(ctx.store, head)).toEqual([]);
    });

    it('finds the event at a position, and nothing past the head', async () => {
      const head = await ctx.store.headPosition();
      await ctx.store.appendToStream(uniqueStream('cp'), someEvents(2));
      const [, second] = await readAllAfter(ctx.store, head);
      const found = await ctx.store.eventAtPosition(second!.position);
      expect(found).toMatchObject({
        id: second!.id,
        position: second!.position,
        type: second!.type,
        data: second!.data,
      });
      expect(found!.hash).toBe(second!.hash);
      expect(await ctx.store.eventAtPosition(second!.position + 1_000_000)).toBeNull();
      expect(await ctx.store.eventAtPosition(0)).toBeNull();
    });

    it('a stored checkpoint matches its log, and not a log that holds another event at its position', async () => {
      const head = await ctx.store.headPosition();
      await ctx.store.appendToStream(uniqueStream('cp'), someEvents(2));
      const [first, second] = await readAllAfter(ctx.store, head);
      const consumer = `verify-${randomUUID().slice(0, 8)}`;
      await ctx.store.writeCheckpoint(consumer, checkpointAt(second!));
      const stored = (await ctx.store.readCheckpoint(consumer))!;
      expect(checkpointMatches(stored, await ctx.store.eventAtPosition(stored.position))).toBe(
        true,
      );
      expect(
        checkpointMatches(
          { ...stored, eventId: first!.id },
          await ctx.store.eventAtPosition(stored.position),
        ),
      ).toBe(false);
      expect(
        checkpointMatches(
          { ...stored, position: stored.position + 1_000_000 },
          await ctx.store.eventAtPosition(stored.position + 1_000_000),
        ),
      ).toBe(false);
    });

    it('refuses a bad consumer name or a checkpoint past 0 without its event, writing nothing', async () => {
      await expect(
        ctx.store.writeCheckpoint('', { position: 0, eventId: '' }),
      ).rejects.toBeInstanceOf(InvalidEventError);
      await expect(
        ctx.store.writeCheckpoint('no spaces', { position: 0, eventId: '' }),
      ).rejects.toBeInstanceOf(InvalidEventError);
      const consumer = `bad-${randomUUID().slice(0, 8)}`;
      await expect(
        ctx.store.writeCheckpoint(consumer, { position: 3, eventId: '' }),
      ).rejects.toBeInstanceOf(InvalidEventError);
      await expect(
        ctx.store.writeCheckpoint(consumer, { position: -1, eventId: '' }),
      ).rejects.toBeInstanceOf(InvalidEventError);
      expect(await ctx.store.readCheckpoint(consumer)).toBeNull();
    });
  });
}
