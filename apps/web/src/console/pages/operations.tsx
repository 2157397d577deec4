import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../api';
import { FormError } from '../../field';
import { Failure, Loading } from '../../format';
import { parseMetrics, type Sample } from '../prometheus';
import type { LeaseHolding, Readiness } from '../types';

const readMetrics = async (): Promise<Sample[]> => {
  const response = await fetch('/metrics', { credentials: 'same-origin' });
  if (!response.ok) throw new ApiError(response.status, 'metrics', '/metrics did not answer.');
  return parseMetrics(await response.text());
};

const behind = (lag: number) =>
  lag <= 0 ? <span className="badge">caught up</span> : <span className="badge warn">{lag}</span>;

/** Samples of one gauge as `label → value` rows. */
const byLabel = (samples: Sample[], name: string, label: string) =>
  samples
    .filter((sample) => sample.name === name)
    .map((sample) => [sample.labels[label] ?? '', sample.value] as const);

const lapses = (holding: LeaseHolding) =>
  holding.expiresInMs === null ? 'never' : `in ${(holding.expiresInMs / 1000).toFixed(1)} s`;

/** `host:pid:random`, breakable after each colon only, so a narrow screen never splits a part. */
const Owner = ({ owner }: { owner: string }) => (
  <span className="mono owner">
    {owner.split(':').map((part, i) => (
      <span key={i}>
        {i > 0 && (
          <>
            :<wbr />
          </>
        )}
        {part}
      </span>
    ))}
  </span>
);

/** Who runs each log consumer: the lease holders `/readyz` read from the lease store. */
const LeaseHolders = ({ leases }: { leases: [string, LeaseHolding | null][] }) => (
  <div className="table-wrap">
    <table>
      <caption className="visually-hidden">Lease holders</caption>
      <thead>
        <tr>
          <th scope="col">Consumer</th>
          <th scope="col">Held by</th>
          <th scope="col">Token</th>
          <th scope="col">Lapses unless renewed</th>
        </tr>
      </thead>
      <tbody>
        {leases.map(([name, holding]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            {holding ? (
              <>
                <td>
                  <Owner owner={holding.owner} />
                </td>
                <td>{holding.token}</td>
                <td>{lapses(holding)}</td>
              </>
            ) : (
              <td colSpan={3}>
                <span className="badge warn">nobody</span> no worker runs it
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

const Counts = ({
  title,
  rows,
  what,
  unit = 'Count',
}: {
  title: string;
  rows: (readonly [string, number])[];
  what: string;
  unit?: string;
}) => (
  <div className="table-wrap">
    <table>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{what}</th>
          <th scope="col">{unit}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>{value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

/** Ops' page: how far each consumer lags (from /readyz and /metrics), who holds the leases, a rebuild. */
export const OperationsPage = () => {
  const client = useQueryClient();
  const ready = useQuery({
    queryKey: ['readyz'],
    queryFn: () => api<Readiness>('/readyz'),
    refetchInterval: () => (client.isMutating({ mutationKey: ['rebuild'] }) ? 500 : 5_000),
  });
  const metrics = useQuery({
    queryKey: ['metrics'],
    queryFn: readMetrics,
    refetchInterval: 5_000,
  });
  const rebuild = useMutation({
    mutationKey: ['rebuild'],
    mutationFn: () =>
      api<{ rebuilt: string[]; headPosition: number }>('/v1/admin/projections/rebuild', {
        method: 'POST',
      }),
    onSettled: () => client.invalidateQueries({ queryKey: ['readyz'] }),
  });

  const lagRows = ready.data
    ? [
        ...Object.entries(ready.data.projections).map(([name, lag]) => ({
          name,
          kind: 'Read model',
          lag,
        })),
        ...Object.entries(ready.data.consumers ?? {}).map(([name, lag]) => ({
          name,
          kind: 'Log consumer',
          lag,
        })),
      ]
    : [];
  const head = ready.data?.headPosition ?? 0;
  const worst = Math.max(0, ...Object.values(ready.data?.projections ?? {}));
  const samples = metrics.data ?? [];
  const leases = Object.entries(ready.data?.leases ?? {});

  return (
    <>
      <h1 tabIndex={-1}>Operations</h1>
      <h2>Projection lag</h2>
      {ready.isPending ? (
        <Loading what="/readyz" />
      ) : ready.isError ? (
        <Failure error={ready.error} />
      ) : (
        <>
          <p>
            Event store {ready.data.eventStore}; the log&apos;s head is at position{' '}
            <strong>{head}</strong>. {ready.data.payoutsNeedingAttention} payout(s) need attention.
          </p>
          <div className="table-wrap">
            <table>
              <caption>Events behind the log head, per consumer (/readyz)</caption>
              <thead>
                <tr>
                  <th scope="col">Consumer</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Behind</th>
                </tr>
              </thead>
              <tbody>
                {lagRows.map((row) => (
                  <tr key={`${row.kind}-${row.name}`}>
                    <th scope="row">{row.name}</th>
                    <td>{row.kind}</td>
                    <td>{behind(row.lag)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h2>Lease holders</h2>
          {leases.length === 0 ? (
            <p className="muted">
              /readyz reports no lease: this api is older than the lease report.
            </p>
          ) : (
            <LeaseHolders leases={leases} />
          )}
        </>
      )}

      <h2>Rebuild the read models</h2>
      <p className="hint">
        Drops every read model and replays it from the start of the log; the dashboards read from
        them and catch up as it goes. The log itself is never touched.
      </p>
      <button type="button" disabled={rebuild.isPending} onClick={() => rebuild.mutate()}>
        {rebuild.isPending ? 'Rebuilding…' : 'Rebuild read models'}
      </button>
      {rebuild.isPending && (
        <p>
          <label htmlFor="rebuild-progress">Rebuild progress</label>{' '}
          <progress
            id="rebuild-progress"
            max={Math.max(head, 1)}
            value={Math.max(0, head - worst)}
          />{' '}
          {Math.max(0, head - worst)} of {head} events
        </p>
      )}
      <p role="status" className="notice">
        {rebuild.data
          ? `Rebuilt ${rebuild.data.rebuilt.join(', ')} up to position ${rebuild.data.headPosition}.`
          : ''}
      </p>
      <FormError error={rebuild.error instanceof ApiError ? rebuild.error.message : undefined} />

      <h2>Metrics</h2>
      {metrics.isPending ? (
        <Loading what="/metrics" />
      ) : metrics.isError ? (
        <Failure error={metrics.error} />
      ) : (
        <>
          <Counts
            title="Lag per consumer (/metrics)"
            what="Consumer"
            unit="Events behind"
            rows={byLabel(samples, 'threadtrak_consumer_lag_events', 'consumer')}
          />
          <div className="row">
            <Counts
              title="Payouts by status"
              what="Status"
              rows={byLabel(samples, 'threadtrak_payouts', 'status')}
            />
            <Counts
              title="Webhook deliveries by status"
              what="Status"
              rows={byLabel(samples, 'threadtrak_webhook_deliveries', 'status')}
            />
          </div>
        </>
      )}
    </>
  );
};
