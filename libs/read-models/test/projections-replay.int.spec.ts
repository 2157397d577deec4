import { createEventStore, eventId, type EventStore } from '@threadtrak/event-store';
import { DashboardQueries } from '../src/dashboard-queries';
import { PROJECTION_NAMES } from '../src/keys';
import { allProjections } from '../src/projections';
import { replayProjections } from '../src/replay';
import type { LedgerEvent } from '@threadtrak/ledger';
import {
  click,
  commissionDue,
  commissionEarned,
  orderPaid,
  payoutRequested,
  payoutSent,
} from './support/ledger-events';
import { redisTestStore } from './support/redis';

const append = (eventStore: EventStore, stream: string, events: LedgerEvent[]) =>
  eventStore.appendToStream(
    stream,
    events.map((event, i) => ({
      id: eventId(stream, String(i), event.type),
      type: event.type,
      data: event.data,
    })),
  );

describe('projections on SQLite and Redis', () => {
  it('projects the log into Redis, resumes after a restart and rebuilds to the same documents', async () => {
    const eventStore = await createEventStore('sqlite::memory:');
    const redis = redisTestStore();
    const replay = () =>
      replayProjections({ eventStore, store: redis.store, projections: allProjections() });
    try {
      await append(eventStore, 'visitor-v1', [
        click({ at: '2025-05-01T23:59:59.999Z' }),
        click({ at: '2025-05-02T00:00:00.000Z' }),
      ]);
      await replay();

      await append(eventStore, 'order-o1', [
        orderPaid({
          orderId: 'o1',
          paidAt: '2025-05-02T10:00:00.000Z',
          totalCents: 6_000,
          attributedTo: { affiliateId: 'aff-1', commissionCents: 6_000 },
        }),
      ]);
      await append(eventStore, 'ledger-aff-1', [
        commissionEarned({
          commissionId: 'o1',
          amountCents: 6_000,
          earnedAt: '2025-05-02T10:00:00.000Z',
        }),
        commissionDue('o1', 6_000),
        payoutRequested({ payoutId: 'p1', amountCents: 6_000, commissionIds: ['o1'] }),
        payoutSent('p1', 6_000),
      ]);
      await replay();
      const queries = new DashboardQueries(redis.store);
      const dashboard = await queries.affiliateDashboard('aff-1', {
        from: '2025-05-01',
        to: '2025-05-02',
      });
      expect(
        dashboard.byDay.map((day) => [day.date, day.clicks, day.uniqueClicks, day.sales]),
      ).toEqual([
        ['2025-05-01', 1, 1, 0],
        ['2025-05-02', 1, 1, 1],
      ]);
      expect(dashboard.balance).toMatchObject({ paidCents: 6_000, dueCents: 0 });
      expect((await queries.commissions('aff-1', { status: 'paid' })).items).toHaveLength(1);
      const head = await eventStore.headPosition();
      for (const name of PROJECTION_NAMES) expect(await redis.store.checkpoint(name)).toBe(head);

      const before = await redis.store.dump();
      for (const name of PROJECTION_NAMES) await redis.store.reset(name);
      await replay();
      expect(await redis.store.dump()).toEqual(before);
    } finally {
      await eventStore.close();
      await redis.cleanup();
    }
  });
});
