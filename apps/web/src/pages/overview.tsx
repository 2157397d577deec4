import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { api } from '../api';
import { days, Failure, Loading, money, percent } from '../format';
import { useProgram } from '../layout';
import type { Dashboard } from '../types';

/** Recharts is most of the portal's weight: loaded only when a chart is shown. */
const ClicksChart = lazy(() => import('../components/clicks-chart'));

const DAY = 86_400_000;
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

const LINK_KIND: Record<string, string> = {
  canonical: 'Canonical',
  product: 'Product',
  purchase: 'Purchase',
};

export const OverviewPage = () => {
  const [range, setRange] = useState(() => ({
    from: isoDay(Date.now() - 29 * DAY),
    to: isoDay(Date.now()),
  }));
  const valid = range.from <= range.to;
  const dashboard = useQuery({
    queryKey: ['dashboard', range],
    queryFn: () => api<Dashboard>(`/v1/me/dashboard?from=${range.from}&to=${range.to}`),
    enabled: valid,
  });
  const program = useProgram();

  return (
    <>
      <h1 tabIndex={-1}>Overview</h1>
      <form className="row" aria-label="Date range" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="from">From</label>
          <input
            id="from"
            type="date"
            value={range.from}
            max={range.to}
            onChange={(event) =>
              event.target.value && setRange({ ...range, from: event.target.value })
            }
          />
        </div>
        <div className="field">
          <label htmlFor="to">To</label>
          <input
            id="to"
            type="date"
            value={range.to}
            min={range.from}
            onChange={(event) =>
              event.target.value && setRange({ ...range, to: event.target.value })
            }
          />
        </div>
      </form>
      {!valid && (
        <p className="error" role="alert">
          The start of the range must not be after its end.
        </p>
      )}
      {dashboard.isPending && valid && <Loading what="your numbers" />}
      {dashboard.isError && <Failure error={dashboard.error} />}
      {dashboard.data && <Numbers dashboard={dashboard.data} />}
      <details className="explain">
        <summary>Clicks but no sales?</summary>
        <ul>
          <li>
            A sale counts for you when the buyer clicked one of your links within the last{' '}
            {program.data ? days(program.data.cookieWindowDays) : '…'} before paying
            {program.data
              ? program.data.attributionModel === 'last_click'
                ? ', and yours was the last affiliate link they clicked'
                : ', and yours was the first affiliate link they clicked'
              : ''}
            .
          </li>
          <li>
            The purchase must happen in the same browser: a click on a phone and a purchase on a
            laptop cannot be matched.
          </li>
          <li>
            Only products in your scope that are eligible for commission earn; others show as clicks
            without sales.
          </li>
          <li>
            Clicks from bots and link previews are recorded but never earn; buying through your own
            link does not earn either.
          </li>
          <li>
            Refunded orders are taken back, so a sale can disappear from the totals after a refund.
          </li>
          <li>
            Unique clicks count one visitor once per link per day; many clicks from one person are
            usually one reader coming back.
          </li>
        </ul>
      </details>
    </>
  );
};

const Numbers = ({ dashboard }: { dashboard: Dashboard }) => {
  const { currency, totals, balance } = dashboard;
  const chartData = dashboard.byDay.map((day) => ({
    date: day.date.slice(5),
    Clicks: day.clicks,
    Sales: day.sales,
  }));
  return (
    <>
      <section aria-labelledby="balances">
        <h2 id="balances">Balances</h2>
        <dl className="cards">
          <div>
            <dt>Pending</dt>
            <dd>{money(balance.pendingCents, currency)}</dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd>{money(balance.dueCents, currency)}</dd>
          </div>
          <div>
            <dt>In payment</dt>
            <dd>{money(balance.requestedCents, currency)}</dd>
          </div>
          <div>
            <dt>Paid</dt>
            <dd>{money(balance.paidCents, currency)}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="performance">
        <h2 id="performance">Clicks and sales</h2>
        <dl className="cards">
          <div>
            <dt>Clicks</dt>
            <dd>{totals.clicks}</dd>
          </div>
          <div>
            <dt>Unique clicks</dt>
            <dd>{totals.uniqueClicks}</dd>
          </div>
          <div>
            <dt>Sales</dt>
            <dd>{totals.sales}</dd>
          </div>
          <div>
            <dt>Conversion rate</dt>
            <dd>{percent(totals.conversionRate)}</dd>
          </div>
          <div>
            <dt>Commission</dt>
            <dd>{money(totals.commissionCents, currency)}</dd>
          </div>
        </dl>
        <figure className="chart">
          <figcaption>Clicks and sales per day (UTC days)</figcaption>
          {totals.clicks === 0 && totals.sales === 0 ? (
            <p className="muted">
              No clicks in this range yet. Share a link from the Links page to get started.
            </p>
          ) : (
            <Suspense fallback={<Loading what="the chart" />}>
              <ClicksChart
                data={chartData}
                summary={`Clicks and sales per day: ${totals.clicks} clicks and ${totals.sales} sales in the range`}
              />
            </Suspense>
          )}
        </figure>
      </section>
      <section aria-labelledby="by-campaign">
        <h2 id="by-campaign">By campaign</h2>
        {dashboard.byCampaign.length === 0 ? (
          <p className="muted">
            No campaign clicks in this range. Tag a link with a campaign on the Links page.
          </p>
        ) : (
          <Breakdown
            rows={dashboard.byCampaign.map((row) => ({ ...row, name: row.campaign }))}
            first="Campaign"
            currency={currency}
          />
        )}
      </section>
      <section aria-labelledby="by-kind">
        <h2 id="by-kind">By link kind</h2>
        <Breakdown
          rows={dashboard.byLinkType.map((row) => ({
            ...row,
            name: LINK_KIND[row.linkType] ?? row.linkType,
          }))}
          first="Link kind"
          currency={currency}
        />
      </section>
    </>
  );
};

const Breakdown = ({
  rows,
  first,
  currency,
}: {
  rows: { name: string; clicks: number; sales: number; commissionCents: number }[];
  first: string;
  currency: string;
}) => (
  <div className="table-wrap">
    <table>
      <thead>
        <tr>
          <th scope="col">{first}</th>
          <th scope="col">Clicks</th>
          <th scope="col">Sales</th>
          <th scope="col">Conversion</th>
          <th scope="col">Commission</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name}>
            <th scope="row">{row.name}</th>
            <td>{row.clicks}</td>
            <td>{row.sales}</td>
            <td>{row.clicks ? percent(row.sales / row.clicks) : '—'}</td>
            <td>{money(row.commissionCents, currency)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);
