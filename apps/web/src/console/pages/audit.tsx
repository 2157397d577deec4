import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { FormError } from '../../field';
import { Failure, Loading, money, Time } from '../../format';
import type { AffiliateSummary, AuditReport, Balances, Statement } from '../types';

const COLUMNS: [keyof Balances, string][] = [
  ['earnedCents', 'Earned'],
  ['reversedCents', 'Reversed'],
  ['pendingCents', 'Pending'],
  ['dueCents', 'Due'],
  ['requestedCents', 'Requested'],
  ['paidCents', 'Paid'],
];

const STATEMENT: [keyof Statement['totals'], string][] = [
  ['carriedInCents', 'Carried in'],
  ['earnedCents', 'Earned'],
  ['reversedCents', 'Reversed'],
  ['paidCents', 'Paid'],
  ['carriedOverCents', 'Carried over'],
];

/** `datetime-local` reads in the viewer's zone; the API takes an instant. */
const instantOf = (local: string): string | null => {
  if (!local) return null;
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

const thisMonth = () => new Date().toISOString().slice(0, 7);

const useNames = () => {
  const affiliates = useQuery({
    queryKey: ['affiliates'],
    queryFn: () => api<AffiliateSummary[]>('/v1/admin/affiliates'),
  });
  const names = new Map((affiliates.data ?? []).map((a) => [a.affiliateId, a.name]));
  return (affiliateId: string) => names.get(affiliateId) ?? affiliateId;
};

const useCurrency = () =>
  useQuery({
    queryKey: ['rules'],
    queryFn: () => api<{ currency: string }>('/v1/admin/rules'),
  }).data?.currency ?? 'USD';

/** Saves the CSV the server renders for the same instant (the session cookie opens it). */
const downloadCsv = async (at: string | null) => {
  const response = await fetch(
    `/v1/console/audit.csv${at ? `?at=${encodeURIComponent(at)}` : ''}`,
    { credentials: 'same-origin' },
  );
  if (!response.ok) throw new ApiError(response.status, 'download', 'The CSV could not be made.');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `audit-${at ?? 'now'}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
};

const Head = ({ report }: { report: AuditReport }) => (
  <dl className="cards">
    <div>
      <dt>Replayed through</dt>
      <dd>
        position {report.through.position}
        {report.through.hash && (
          <>
            {' '}
            <span className="mono hint">{report.through.hash}</span>
          </>
        )}
      </dd>
    </div>
    <div>
      <dt>Hash-chain head to sign</dt>
      <dd>
        position {report.chain.headPosition}{' '}
        <span className="mono hint">{report.chain.headHash ?? 'no chain on this store'}</span>
      </dd>
    </div>
    <div>
      <dt>Chain</dt>
      <dd>
        {report.chain.ok === null ? (
          'not kept by this store'
        ) : report.chain.ok ? (
          <span className="badge">intact</span>
        ) : (
          <span className="badge bad">broken: {report.chain.reason}</span>
        )}
      </dd>
    </div>
  </dl>
);

/** One row of amounts per affiliate and their total: the balances as of an instant, or a statement. */
const AmountsTable = <K extends string>({
  caption,
  columns,
  rows,
  totals,
}: {
  caption: string;
  columns: [K, string][];
  rows: ({ affiliateId: string } & Record<K, number>)[];
  totals: Record<K, number>;
}) => {
  const nameOf = useNames();
  const currency = useCurrency();
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Affiliate</th>
            {columns.map(([key, label]) => (
              <th scope="col" key={key}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.affiliateId}>
              <th scope="row">{nameOf(row.affiliateId)}</th>
              {columns.map(([key, label]) => (
                <td key={key} data-label={label}>
                  {money(row[key], currency)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            {columns.map(([key, label]) => (
              <td key={key} data-label={label}>
                {money(totals[key], currency)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
};

const AuditReportView = ({ at }: { at: string | null }) => {
  const report = useQuery({
    queryKey: ['audit', at],
    queryFn: () => api<AuditReport>(`/v1/admin/audit${at ? `?at=${encodeURIComponent(at)}` : ''}`),
  });
  if (report.isPending) return <Loading what="the audit" />;
  if (report.isError) return <Failure error={report.error} />;
  const data = report.data;
  return (
    <section aria-labelledby="audit-result">
      <h2 id="audit-result">
        Balances at <Time at={data.at} />
      </h2>
      <Head report={data} />
      <AmountsTable
        caption="Balances per affiliate"
        columns={COLUMNS}
        rows={data.affiliates}
        totals={data.totals}
      />
      <h3>Invariants</h3>
      <ul className="changes">
        {data.invariants.map((invariant) => (
          <li key={invariant.name}>
            <span className={invariant.ok ? 'badge' : 'badge bad'}>
              {invariant.ok ? 'holds' : 'violated'}
            </span>{' '}
            <span className="mono">{invariant.name}</span>: {invariant.detail}
          </li>
        ))}
      </ul>
    </section>
  );
};

const StatementView = ({ month }: { month: string }) => {
  const statement = useQuery({
    queryKey: ['statement', month],
    queryFn: () => api<Statement>(`/v1/console/statements/${encodeURIComponent(month)}`),
  });
  if (statement.isPending) return <Loading what="the statement" />;
  if (statement.isError) return <Failure error={statement.error} />;
  const data = statement.data;
  return (
    <>
      <AmountsTable
        caption={`Statement for ${data.month}`}
        columns={STATEMENT}
        rows={data.lines}
        totals={data.totals}
      />
      <p className="hint">
        Carried in + earned − reversed − paid = carried over. Replayed from the log through position{' '}
        {data.from.through.position} (start) and {data.to.through.position} (end,{' '}
        <span className="mono">{data.to.through.hash ?? 'no hash'}</span>): replaying the same log
        up to those positions gives the same lines.{' '}
        {data.invariantsOk ? 'Every invariant holds.' : 'An invariant is violated: see the audit.'}
      </p>
    </>
  );
};

/** Finance's page: balances as of any instant, the chain head to sign, the CSV, the month-end statement. */
export const AuditPage = () => {
  const [asOf, setAsOf] = useState('');
  const [at, setAt] = useState<string | null>(null);
  const [month, setMonth] = useState(thisMonth());
  const [shownMonth, setShownMonth] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | undefined>();

  const show = (event: FormEvent) => {
    event.preventDefault();
    const instant = instantOf(asOf);
    if (asOf && !instant) return setProblem('Enter a date and time, or leave it empty for now.');
    setProblem(undefined);
    setAt(instant);
  };

  return (
    <>
      <h1 tabIndex={-1}>Audit</h1>
      <p className="hint">
        Replayed from the log, never from the read models: events recorded at or before the instant
        count.
      </p>
      <form onSubmit={show} className="row" noValidate>
        <div className="field">
          <label htmlFor="as-of">As of</label>
          <input
            id="as-of"
            type="datetime-local"
            step={1}
            value={asOf}
            aria-describedby="as-of-hint"
            onChange={(event) => setAsOf(event.target.value)}
          />
          <p id="as-of-hint" className="hint">
            In your time zone; empty: now.
          </p>
        </div>
        <button type="submit">Show balances</button>
        <button
          type="button"
          className="secondary"
          onClick={() => downloadCsv(at).catch((error: Error) => setProblem(error.message))}
        >
          Download CSV
        </button>
      </form>
      <FormError error={problem} />
      <AuditReportView at={at} />

      <h2>Month-end statement</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          setShownMonth(month);
        }}
      >
        <div className="field">
          <label htmlFor="month">Month</label>
          <input
            id="month"
            type="month"
            value={month}
            required
            onChange={(event) => setMonth(event.target.value)}
          />
        </div>
        <button type="submit">Show statement</button>
      </form>
      {shownMonth && <StatementView month={shownMonth} />}
    </>
  );
};
