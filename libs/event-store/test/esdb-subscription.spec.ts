import { PassThrough } from 'node:stream';
import type {
  AllStreamResolvedEvent,
  EventStoreDBClient,
  ReadPosition,
} from '@eventstore/db-client';
import type { RecordedEvent } from '../src';
import { startEsdbSubscription } from '../src/esdb/esdb-subscription';
import { waitFor } from './contract-helpers';

/** Stands in for the client's catch-up subscription: a Readable the test pushes server events into. */
class FakeServer {
  log: AllStreamResolvedEvent[] = [];
  subscriptions: Array<{
    from: ReadPosition;
    source: PassThrough & { unsubscribe(): Promise<void> };
  }> = [];

  readonly client = {
    subscribeToAll: ({ fromPosition }: { fromPosition: ReadPosition }) => {
      const source = Object.assign(new PassThrough({ objectMode: true }), {
        unsubscribe: async () => void source.destroy(),
      });
      this.subscriptions.push({ from: fromPosition, source });
      // Like the server: start inclusive at the position, system events included, filter or not.
      const start =
        fromPosition === 'start'
          ? 0n
          : typeof fromPosition === 'object'
            ? fromPosition.commit
            : Infinity;
      for (const e of this.log) if (e.event!.position.commit >= (start as bigint)) source.write(e);
      return source;
    },
  } as unknown as EventStoreDBClient;

  append(streamId: string, type = 'SomethingHappened'): void {
    const commit = BigInt(1000 + this.log.length * 100);
    const resolved = {
      event: {
        streamId,
        id: `00000000-0000-4000-8000-${String(this.log.length).padStart(12, '0')}`,
        revision: 0n,
        type,
        isJson: true,
        data: { n: this.log.length },
        metadata: { actor: 'test' },
        created: new Date(),
        position: { commit, prepare: commit },
      },
      commitPosition: commit,
    } as unknown as AllStreamResolvedEvent;
    this.log.push(resolved);
    for (const { source } of this.subscriptions) if (!source.destroyed) source.write(resolved);
  }

  get live() {
    return this.subscriptions[this.subscriptions.length - 1].source;
  }
}

describe('EventStoreDB subscription (against a fake client)', () => {
  it('hands over batches in order, without system events or the checkpoint itself', async () => {
    const server = new FakeServer();
    for (let i = 0; i < 5; i++) server.append('order-1');
    server.append('$stats-127.0.0.1', '$statsCollected');
    server.append('order-2');
    const seen: RecordedEvent[] = [];
    const sizes: number[] = [];
    const subscription = startEsdbSubscription(
      server.client,
      async (batch) => {
        sizes.push(batch.length);
        seen.push(...batch);
      },
      { after: 1100, batchSize: 2 },
    );

    await waitFor(() => seen.length === 4, 2000, 'catch-up');
    server.append('order-3');
    await waitFor(() => seen.length === 5, 2000, 'live event');
    await subscription.stop();

    expect(seen.map((e) => e.position)).toEqual([1200, 1300, 1400, 1600, 1700]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(2);
    expect(server.subscriptions[0].from).toEqual({ commit: 1100n, prepare: 1100n });
    await expect(subscription.done).resolves.toBeUndefined();
  });

  it('after a drop, subscribes again from the last handled position: no gap, no duplicate', async () => {
    const server = new FakeServer();
    for (let i = 0; i < 3; i++) server.append('order-1');
    const seen: number[] = [];
    const subscription = startEsdbSubscription(
      server.client,
      async (batch) => void seen.push(...batch.map((e) => e.position)),
      {
        after: 0,
        batchSize: 10,
      },
    );
    await waitFor(() => seen.length === 3, 2000, 'first events');
    server.live.emit('error', new Error('connection reset'));
    await waitFor(() => server.subscriptions.length === 2, 3000, 'a new subscription');
    server.append('order-1');
    server.append('order-1');
    await waitFor(() => seen.length === 5, 3000, 'events after the drop');
    await subscription.stop();

    expect(seen).toEqual([1000, 1100, 1200, 1300, 1400]);
    expect(server.subscriptions[1].from).toEqual({ commit: 1200n, prepare: 1200n });
  });

  it('a handler error ends the subscription with that error', async () => {
    const server = new FakeServer();
    server.append('order-1');
    const failure = new Error('projection failed');
    const subscription = startEsdbSubscription(
      server.client,
      async () => {
        throw failure;
      },
      { after: 0, batchSize: 10 },
    );
    await expect(subscription.done).rejects.toBe(failure);
    expect(server.subscriptions).toHaveLength(1);
  });
});
