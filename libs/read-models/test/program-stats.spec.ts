import { programStatsProjection } from '../src/stats/traffic-stats.projection';
import { given } from './support/given';
import { click, orderPaid, orderRefunded } from './support/ledger-events';

describe('program stats', () => {
  it('adds up every affiliate’s clicks, unique clicks, sales and refunds per UTC day', async () => {
    const at = '2025-05-01T08:00:00.000Z';
    const { queries } = await given(programStatsProjection(), [
      click({ at, affiliateId: 'aff-1', visitorId: 'v1' }),
      click({ at, affiliateId: 'aff-1', visitorId: 'v1' }),
      click({ at, affiliateId: 'aff-2', visitorId: 'v1' }),
      click({ at, affiliateId: 'aff-2', visitorId: 'v2', bot: true }),
      click({ at: '2025-05-02T00:00:00.000Z', affiliateId: 'aff-1', visitorId: 'v1' }),
      orderPaid({
        orderId: 'o1',
        paidAt: '2025-05-01T09:00:00.000Z',
        totalCents: 5_000,
        attributedTo: { affiliateId: 'aff-1', commissionCents: 500 },
      }),
      orderPaid({
        orderId: 'o2',
        paidAt: '2025-05-01T09:00:00.000Z',
        totalCents: 7_000,
        attributedTo: { affiliateId: 'aff-2', commissionCents: 700 },
      }),
      orderPaid({ orderId: 'o3', paidAt: '2025-05-01T09:00:00.000Z', totalCents: 9_000 }),
      orderRefunded('o2', 'r1', '2025-05-02T09:00:00.000Z'),
    ]);
    const dashboard = await queries.programDashboard({ from: '2025-05-01', to: '2025-05-02' });
    expect(dashboard.totals).toEqual({
      clicks: 4,
      uniqueClicks: 3,
      sales: 2,
      conversionRate: 0.6667,
      revenueCents: 12_000,
      commissionCents: 1_200,
      refunds: 1,
      throttled: 0,
    });
    expect(dashboard.byDay).toEqual([
      {
        date: '2025-05-01',
        clicks: 3,
        uniqueClicks: 2,
        sales: 2,
        revenueCents: 12_000,
        commissionCents: 1_200,
      },
      {
        date: '2025-05-02',
        clicks: 1,
        uniqueClicks: 1,
        sales: 0,
        revenueCents: 0,
        commissionCents: 0,
      },
    ]);
  });
});
