import { affiliateStatsProjection } from '../src/stats/traffic-stats.projection';
import { given } from './support/given';
import {
  click,
  orderPaid,
  orderReattributed,
  orderRefunded,
  rulesChanged,
} from './support/ledger-events';

const stats = affiliateStatsProjection();
const day = (date: string) => ({ from: date, to: date });

describe('affiliate stats', () => {
  it('counts a click on its UTC day, and a visitor once per link per day as a unique click', async () => {
    const { queries } = await given(stats, [
      click({ at: '2025-05-01T08:00:00.000Z', visitorId: 'v1' }),
      click({ at: '2025-05-01T09:00:00.000Z', visitorId: 'v1' }),
      click({ at: '2025-05-01T10:00:00.000Z', visitorId: 'v2' }),
    ]);
    const { totals, byDay } = await queries.affiliateDashboard('aff-1', day('2025-05-01'));
    expect(totals).toMatchObject({ clicks: 3, uniqueClicks: 2 });
    expect(byDay).toEqual([
      {
        date: '2025-05-01',
        clicks: 3,
        uniqueClicks: 2,
        sales: 0,
        revenueCents: 0,
        commissionCents: 0,
      },
    ]);
  });

  it('puts clicks at 23:59:59.999Z and 00:00:00.000Z on different days; the next day the visitor is unique again', async () => {
    const { queries } = await given(stats, [
      click({ at: '2025-05-01T23:59:59.999Z', visitorId: 'v1' }),
      click({ at: '2025-05-02T00:00:00.000Z', visitorId: 'v1' }),
    ]);
    const { byDay, totals } = await queries.affiliateDashboard('aff-1', {
      from: '2025-05-01',
      to: '2025-05-02',
    });
    expect(byDay.map(({ date, clicks, uniqueClicks }) => ({ date, clicks, uniqueClicks }))).toEqual(
      [
        { date: '2025-05-01', clicks: 1, uniqueClicks: 1 },
        { date: '2025-05-02', clicks: 1, uniqueClicks: 1 },
      ],
    );
    expect(totals.uniqueClicks).toBe(2);
  });

  it('uses the UTC day of a click recorded with an offset', async () => {
    const { queries } = await given(stats, [click({ at: '2025-05-02T01:30:00+02:00' })]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals.clicks).toBe(1);
  });

  it('counts another link — kind, product or campaign — as another unique click of the same visitor', async () => {
    const at = '2025-05-01T08:00:00.000Z';
    const { queries } = await given(stats, [
      click({ at }),
      click({ at, linkKind: 'product', productId: 'p1' }),
      click({ at, linkKind: 'product', productId: 'p2' }),
      click({ at, linkKind: 'product', productId: 'p2', campaign: 'youtube-launch' }),
      click({ at, linkKind: 'product', productId: 'p2', campaign: 'youtube-launch' }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals).toMatchObject({
      clicks: 5,
      uniqueClicks: 4,
    });
  });

  it('never counts a bot click, not even towards a later unique click', async () => {
    const at = '2025-05-01T08:00:00.000Z';
    const { queries } = await given(stats, [
      click({ at, bot: true }),
      click({ at, bot: true, visitorId: 'v9' }),
      click({ at }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals).toMatchObject({
      clicks: 1,
      uniqueClicks: 1,
    });
  });

  it('counts a sale on the day the order was paid, in the attributed click’s campaign and link type', async () => {
    const { queries } = await given(stats, [
      click({
        at: '2025-05-01T08:00:00.000Z',
        campaign: 'youtube-launch',
        linkKind: 'purchase',
        productId: 'p1',
      }),
      orderPaid({
        orderId: 'o1',
        paidAt: '2025-05-03T00:00:00.000Z',
        totalCents: 12_000,
        attributedTo: {
          affiliateId: 'aff-1',
          commissionCents: 1_200,
          linkKind: 'purchase',
          campaign: 'youtube-launch',
        },
      }),
    ]);
    const dashboard = await queries.affiliateDashboard('aff-1', {
      from: '2025-05-01',
      to: '2025-05-03',
    });
    expect(dashboard.byDay[2]).toEqual({
      date: '2025-05-03',
      clicks: 0,
      uniqueClicks: 0,
      sales: 1,
      revenueCents: 12_000,
      commissionCents: 1_200,
    });
    expect(dashboard.byCampaign).toEqual([
      {
        campaign: 'youtube-launch',
        clicks: 1,
        uniqueClicks: 1,
        sales: 1,
        conversionRate: 1,
        revenueCents: 12_000,
        commissionCents: 1_200,
        refunds: 0,
        throttled: 0,
      },
    ]);
    expect(dashboard.byLinkType.find((row) => row.linkType === 'purchase')).toMatchObject({
      clicks: 1,
      sales: 1,
      revenueCents: 12_000,
    });
  });

  it('shows no sale for an order nobody earns on, nor for another affiliate’s order', async () => {
    const { queries } = await given(stats, [
      orderPaid({ orderId: 'o1', paidAt: '2025-05-01T10:00:00.000Z' }),
      orderPaid({
        orderId: 'o2',
        paidAt: '2025-05-01T10:00:00.000Z',
        attributedTo: { affiliateId: 'aff-2', commissionCents: 100 },
      }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals).toMatchObject({
      sales: 0,
      revenueCents: 0,
    });
    expect((await queries.affiliateDashboard('aff-2', day('2025-05-01'))).totals).toMatchObject({
      sales: 1,
      commissionCents: 100,
    });
  });

  it('counts a refund of an attributed order on the day of the refund, where its sale was', async () => {
    const { queries } = await given(stats, [
      orderPaid({
        orderId: 'o1',
        paidAt: '2025-05-01T10:00:00.000Z',
        attributedTo: { affiliateId: 'aff-1', commissionCents: 100, campaign: 'spring' },
      }),
      orderRefunded('o1', 'r1', '2025-05-04T10:00:00.000Z'),
      orderRefunded('o1', 'r2', '2025-05-04T11:00:00.000Z'),
      orderPaid({ orderId: 'o2', paidAt: '2025-05-01T10:00:00.000Z' }),
      orderRefunded('o2', 'r3', '2025-05-04T10:00:00.000Z'),
    ]);
    const dashboard = await queries.affiliateDashboard('aff-1', {
      from: '2025-05-01',
      to: '2025-05-04',
    });
    expect(dashboard.totals.refunds).toBe(2);
    expect(dashboard.byCampaign).toEqual([
      expect.objectContaining({ campaign: 'spring', sales: 1, refunds: 2 }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals.refunds).toBe(0);
  });

  it('counts a refund that arrived before its order once the order is known', async () => {
    const { queries } = await given(stats, [
      orderRefunded('o1', 'r1', '2025-05-02T10:00:00.000Z'),
      orderPaid({
        orderId: 'o1',
        paidAt: '2025-05-01T10:00:00.000Z',
        attributedTo: { affiliateId: 'aff-1', commissionCents: 100 },
      }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-02'))).totals).toMatchObject({
      sales: 0,
      refunds: 1,
    });
  });

  it('lists every day of the range, days without traffic as zeros', async () => {
    const { queries } = await given(stats, [click({ at: '2025-05-02T12:00:00.000Z' })]);
    const { byDay } = await queries.affiliateDashboard('aff-1', {
      from: '2025-04-30',
      to: '2025-05-03',
    });
    expect(byDay.map(({ date, clicks }) => [date, clicks])).toEqual([
      ['2025-04-30', 0],
      ['2025-05-01', 0],
      ['2025-05-02', 1],
      ['2025-05-03', 0],
    ]);
  });

  it('shows only one campaign’s traffic when asked for it', async () => {
    const at = '2025-05-01T08:00:00.000Z';
    const { queries } = await given(stats, [
      click({ at, campaign: 'spring' }),
      click({ at, campaign: 'spring', linkKind: 'product', productId: 'p1' }),
      click({ at, campaign: 'autumn' }),
      click({ at }),
    ]);
    const dashboard = await queries.affiliateDashboard('aff-1', {
      ...day('2025-05-01'),
      campaign: 'spring',
    });
    expect(dashboard.totals.clicks).toBe(2);
    expect(dashboard.byCampaign.map((row) => row.campaign)).toEqual(['spring']);
    expect(dashboard.byLinkType.map((row) => [row.linkType, row.clicks])).toEqual([
      ['canonical', 1],
      ['product', 1],
      ['purchase', 0],
    ]);
    const all = await queries.affiliateDashboard('aff-1', day('2025-05-01'));
    expect(all.totals.clicks).toBe(4);
    expect(all.byCampaign.map((row) => [row.campaign, row.clicks])).toEqual([
      ['autumn', 1],
      ['spring', 2],
    ]);
  });

  it('reports a conversion rate of sales per unique click, and 0 without clicks', async () => {
    const paid = (orderId: string) =>
      orderPaid({
        orderId,
        paidAt: '2025-05-01T10:00:00.000Z',
        attributedTo: { affiliateId: 'aff-1', commissionCents: 1 },
      });
    const noClicks = await given(stats, [paid('o1')]);
    expect(
      (await noClicks.queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals,
    ).toMatchObject({ sales: 1, uniqueClicks: 0, conversionRate: 0 });

    const at = '2025-05-01T08:00:00.000Z';
    const { queries } = await given(stats, [
      click({ at, visitorId: 'a' }),
      click({ at, visitorId: 'b' }),
      click({ at, visitorId: 'b' }),
      paid('o1'),
    ]);
    expect(
      (await queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals.conversionRate,
    ).toBe(0.5);

    const empty = await given(stats, []);
    const dashboard = await empty.queries.affiliateDashboard('aff-1', day('2025-05-01'));
    expect(dashboard.totals).toEqual({
      clicks: 0,
      uniqueClicks: 0,
      sales: 0,
      conversionRate: 0,
      revenueCents: 0,
      commissionCents: 0,
      refunds: 0,
      throttled: 0,
    });
    expect(dashboard.byLinkType.every((row) => row.conversionRate === 0)).toBe(true);
  });

  it('answers in the program’s currency, USD until rules say otherwise', async () => {
    expect(
      (await (await given(stats, [])).queries.affiliateDashboard('aff-1', day('2025-05-01')))
        .currency,
    ).toBe('USD');
    const { queries } = await given(stats, [rulesChanged('EUR', 1), rulesChanged('GBP', 2)]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-01'))).currency).toBe('GBP');
  });
});

describe('affiliate stats after a re-attribution', () => {
  const paid = orderPaid({
    orderId: 'o1',
    paidAt: '2025-05-01T10:00:00.000Z',
    totalCents: 8_000,
    attributedTo: { affiliateId: 'aff-1', commissionCents: 800, campaign: 'spring' },
  });

  it('moves the sale and its refunds, on their days, to the affiliate the order now belongs to', async () => {
    const { queries } = await given(stats, [
      paid,
      orderRefunded('o1', 'r1', '2025-05-02T10:00:00.000Z'),
      orderReattributed('o1', 're-1', {
        affiliateId: 'aff-2',
        commissionCents: 400,
        linkKind: 'product',
      }),
      orderReattributed('o1', 're-1', {
        affiliateId: 'aff-2',
        commissionCents: 400,
        linkKind: 'product',
      }),
    ]);
    const range = { from: '2025-05-01', to: '2025-05-02' };
    const before = await queries.affiliateDashboard('aff-1', range);
    expect(before.totals).toMatchObject({
      sales: 0,
      revenueCents: 0,
      commissionCents: 0,
      refunds: 0,
      throttled: 0,
    });
    expect(before.byCampaign).toEqual([expect.objectContaining({ campaign: 'spring', sales: 0 })]);
    const after = await queries.affiliateDashboard('aff-2', range);
    expect(after.byDay.map((day) => [day.date, day.sales, day.commissionCents])).toEqual([
      ['2025-05-01', 1, 400],
      ['2025-05-02', 0, 0],
    ]);
    expect(after.byLinkType.find((row) => row.linkType === 'product')).toMatchObject({
      sales: 1,
      revenueCents: 8_000,
      refunds: 1,
    });
  });

  it('takes the sale away when the order now belongs to nobody', async () => {
    const { queries } = await given(stats, [paid, orderReattributed('o1', 're-1', null)]);
    expect((await queries.affiliateDashboard('aff-1', day('2025-05-01'))).totals).toMatchObject({
      sales: 0,
      revenueCents: 0,
    });
  });
});
