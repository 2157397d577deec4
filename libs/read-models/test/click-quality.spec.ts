import { affiliateStatsProjection } from '../src/stats/traffic-stats.projection';
import { given } from './support/given';
import { click } from './support/ledger-events';

const stats = affiliateStatsProjection();
const day = { from: '2025-05-01', to: '2025-05-01' };
const at = (minute: number) =>
  new Date(Date.parse('2025-05-01T10:00:00.000Z') + minute * 60_000).toISOString();

describe('unique clicks and floods', () => {
  it('200 cookie-less requests of one client (a new visitor each time) are 200 clicks but one unique click', async () => {
    const flood = Array.from({ length: 200 }, (_, i) =>
      click({ at: at(i % 50), visitorId: `v${i}`, ipHash: 'ip-x', userAgentHash: 'ua-1' }),
    );
    const { queries } = await given(stats, flood);
    expect((await queries.affiliateDashboard('aff-1', day)).totals).toMatchObject({
      clicks: 200,
      uniqueClicks: 1,
    });
  });

  it('the same client is unique again the next UTC hour, once per new visitor', async () => {
    const { queries } = await given(stats, [
      click({ at: at(0), visitorId: 'v1', ipHash: 'ip-x', userAgentHash: 'ua-1' }),
      click({ at: at(59), visitorId: 'v2', ipHash: 'ip-x', userAgentHash: 'ua-1' }),
      click({ at: at(60), visitorId: 'v3', ipHash: 'ip-x', userAgentHash: 'ua-1' }),
      click({ at: at(61), visitorId: 'v1', ipHash: 'ip-x', userAgentHash: 'ua-1' }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day)).totals).toMatchObject({
      clicks: 4,
      uniqueClicks: 2,
    });
  });

  it('two browsers behind one address (different user agents) are two unique clicks', async () => {
    const { queries } = await given(stats, [
      click({ at: at(0), visitorId: 'v1', ipHash: 'ip-x', userAgentHash: 'firefox' }),
      click({ at: at(1), visitorId: 'v2', ipHash: 'ip-x', userAgentHash: 'safari' }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day)).totals.uniqueClicks).toBe(2);
  });

  it('one visitor from two addresses the same day is one unique click', async () => {
    const { queries } = await given(stats, [
      click({ at: at(0), visitorId: 'v1', ipHash: 'home', userAgentHash: 'ua-1' }),
      click({ at: at(5), visitorId: 'v1', ipHash: 'phone', userAgentHash: 'ua-1' }),
    ]);
    expect((await queries.affiliateDashboard('aff-1', day)).totals).toMatchObject({
      clicks: 2,
      uniqueClicks: 1,
    });
  });

  it('throttled clicks are counted as throttled, never as clicks or unique clicks; throttled bots not at all', async () => {
    const { queries } = await given(stats, [
      click({ at: at(0), visitorId: 'v1', ipHash: 'ip-x' }),
      click({ at: at(1), visitorId: 'v2', ipHash: 'ip-y', throttled: true }),
      click({ at: at(2), visitorId: 'v3', ipHash: 'ip-y', throttled: true }),
      click({ at: at(3), visitorId: 'v4', ipHash: 'ip-z', throttled: true, bot: true }),
    ]);
    const dashboard = await queries.affiliateDashboard('aff-1', day);
    expect(dashboard.totals).toMatchObject({ clicks: 1, uniqueClicks: 1, throttled: 2 });
    expect(dashboard.byLinkType.find((row) => row.linkType === 'canonical')).toMatchObject({
      throttled: 2,
    });
  });
});
