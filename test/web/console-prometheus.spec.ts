import { parseMetrics } from '../../apps/web/src/console/prometheus';

describe('reading a Prometheus exposition', () => {
  it('reads names, labels (with escapes) and values, and skips comments and unreadable lines', () => {
    const text = [
      '# HELP threadtrak_consumer_lag_events Events behind.',
      '# TYPE threadtrak_consumer_lag_events gauge',
      'threadtrak_consumer_lag_events{consumer="payout-saga"} 3',
      'threadtrak_payouts{status="sent",note="a \\"quoted\\" one"} 2',
      'process_uptime_seconds 12.5',
      'garbage line',
      'threadtrak_nan{x="y"} not-a-number',
      '',
    ].join('\n');
    expect(parseMetrics(text)).toEqual([
      { name: 'threadtrak_consumer_lag_events', labels: { consumer: 'payout-saga' }, value: 3 },
      { name: 'threadtrak_payouts', labels: { status: 'sent', note: 'a "quoted" one' }, value: 2 },
      { name: 'process_uptime_seconds', labels: {}, value: 12.5 },
    ]);
  });
});
