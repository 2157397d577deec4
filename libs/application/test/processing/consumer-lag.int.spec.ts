import { checkpointAt, createEventStore, type EventStore } from '@threadtrak/event-store';
import { InMemoryReadModelStore } from '@threadtrak/read-models';
import { randomUUID } from 'node:crypto';
import { ConsumerLag } from '../../src/processing';

describe('consumer lag, from what the consumers stored', () => {
  let store: EventStore;
  let readModels: InMemoryReadModelStore;

  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
    readModels = new InMemoryReadModelStore();
    await store.appendToStream(
      'affiliate-1',
      Array.from({ length: 5 }, (_, i) => ({ id: randomUUID(), type: 'Happened', data: { i } })),
    );
  });
  afterEach(() => store.close());

  const positions = async () => {
    const all = [];
    for await (const event of store.readAll()) all.push(event);
    return all;
  };

  it('reports each consumer behind the head by its checkpoint in the event store, another process’s included', async () => {
    const events = await positions();
    await store.writeCheckpoint('ledger-posting', checkpointAt(events[4]!));
    await store.writeCheckpoint('payout-saga', checkpointAt(events[1]!));
    const lag = new ConsumerLag(store, readModels, {
      consumers: ['ledger-posting', 'payout-saga', 'webhook-deliveries'],
      projections: [],
    });

    expect(await lag.read()).toEqual({
      headPosition: events[4]!.position,
      projections: {},
      consumers: {
        'ledger-posting': 0,
        'payout-saga': events[4]!.position - events[1]!.position,
        'webhook-deliveries': events[4]!.position,
      },
    });
  });

  it('reports each read model behind the head by the position it stored; a reset one by the whole log', async () => {
    const events = await positions();
    await readModels.apply('balances', { after: 0, position: events[2]!.position }, []);
    const lag = new ConsumerLag(store, readModels, {
      consumers: [],
      projections: ['balances', 'payouts'],
    });

    expect(await lag.byConsumer()).toEqual({
      balances: events[4]!.position - events[2]!.position,
      payouts: events[4]!.position,
    });
  });
});
