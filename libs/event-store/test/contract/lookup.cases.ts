import { randomUUID } from 'node:crypto';
import { eventId } from '../../src';
import { someEvents, uniqueStream } from '../contract-helpers';
import type { ContractContext } from './context';

/** Reading one event by its id, without knowing its stream (a click id finds its ClickRecorded). */
export function lookupCases(ctx: ContractContext): void {
  describe('reading one event by its id', () => {
    it('finds an event of a batch by its id, with its stream, revision and position', async () => {
      const stream = uniqueStream('lookup');
      const events = someEvents(3);
      const appended = await ctx.store.appendToStream(stream, events);
      const found = await ctx.store.readEvent(events[2].id);
      expect(found).toMatchObject({
        id: events[2].id,
        type: events[2].type,
        data: events[2].data,
        streamName: stream,
        revision: 2,
      });
      expect(found?.position).toBe(appended.position);
      expect((await ctx.store.readEvent(events[0].id))?.revision).toBe(0);
    });

    it('finds an event whose id derives from its cause', async () => {
      const clickId = randomUUID();
      const id = eventId('ClickRecorded', `click:${clickId}`);
      const stream = uniqueStream('visitor');
      await ctx.store.appendToStream(stream, [
        { id, type: 'ClickRecorded', data: { clickId }, metadata: {} },
      ]);
      expect(
        (await ctx.store.readEvent(eventId('ClickRecorded', `click:${clickId}`)))?.streamName,
      ).toBe(stream);
    });

    it('answers null for an id never appended, and for a string that is not an id', async () => {
      expect(await ctx.store.readEvent(randomUUID())).toBeNull();
      expect(await ctx.store.readEvent('not-an-id')).toBeNull();
    });

    it('a retried append leaves one event to find', async () => {
      const stream = uniqueStream('retry');
      const events = someEvents(1);
      await ctx.store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      await ctx.store.appendToStream(stream, events, { expectedRevision: 'no_stream' });
      expect((await ctx.store.readEvent(events[0].id))?.revision).toBe(0);
    });
  });
}
