import { randomUUID } from 'node:crypto';
import { EventTooLargeError, InvalidEventError, InvalidStreamNameError } from '../../src';
import { collect, someEvents, uniqueStream } from '../contract-helpers';
import type { ContractContext } from './context';

/** Refusals: bad names, ids, types, sizes; nothing is written. */
export function refusalCases(ctx: ContractContext): void {
  describe('refusals (nothing is written)', () => {
    const refusedBeforeWriting = async (
      attempt: () => Promise<unknown>,
      error: new (...args: never[]) => Error,
    ) => {
      const head = await ctx.store.headPosition();
      await expect(attempt()).rejects.toBeInstanceOf(error);
      expect(await ctx.store.headPosition()).toBe(head);
    };

    it.each([
      ['empty', ''],
      ['system-like', '$x'],
      ['too long', 'a'.repeat(201)],
      ['with spaces', 'order 1'],
      ['with unicode', 'commande-é'],
      ['with a slash', 'a/b'],
    ])('refuses a stream name that is %s', async (_, name) => {
      await refusedBeforeWriting(
        () => ctx.store.appendToStream(name, someEvents(1)),
        InvalidStreamNameError,
      );
      await expect(collect(ctx.store.readStream(name))).rejects.toBeInstanceOf(
        InvalidStreamNameError,
      );
    });

    it('accepts a stream name of 200 allowed characters', async () => {
      const name = `Aa0_.:@=-${randomUUID()}`.padEnd(200, 'z');
      await ctx.store.appendToStream(name, someEvents(1));
      expect(await collect(ctx.store.readStream(name))).toHaveLength(1);
    });

    it('refuses an event over 1 MiB, even inside a batch', async () => {
      const stream = uniqueStream('large');
      const big = { id: randomUUID(), type: 'Big', data: { blob: 'x'.repeat(1024 * 1024) } };
      await refusedBeforeWriting(
        () => ctx.store.appendToStream(stream, [...someEvents(1), big]),
        EventTooLargeError,
      );
      expect(await collect(ctx.store.readStream(stream))).toEqual([]);
    });

    it('refuses an id that is not a UUID', async () => {
      const bad = { id: 'order-1', type: 'OrderPaid', data: {} };
      await refusedBeforeWriting(
        () => ctx.store.appendToStream(uniqueStream('id'), [bad]),
        InvalidEventError,
      );
    });

    it('refuses a bad type, an empty batch and the same id twice in a batch', async () => {
      const stream = uniqueStream('bad');
      const [event] = someEvents(1);
      await refusedBeforeWriting(
        () => ctx.store.appendToStream(stream, [{ ...event, type: '$Internal' }]),
        InvalidEventError,
      );
      await refusedBeforeWriting(
        () => ctx.store.appendToStream(stream, [{ ...event, type: '' }]),
        InvalidEventError,
      );
      await refusedBeforeWriting(() => ctx.store.appendToStream(stream, []), InvalidEventError);
      await refusedBeforeWriting(
        () => ctx.store.appendToStream(stream, [event, event]),
        InvalidEventError,
      );
      await refusedBeforeWriting(
        () => ctx.store.appendToStream(stream, [{ ...event, data: undefined }]),
        InvalidEventError,
      );
    });
  });
}
