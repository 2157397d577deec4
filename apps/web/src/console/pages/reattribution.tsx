import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { Field, FormError } from '../../field';
import { Failure, Loading, money, Time } from '../../format';
import { showRule } from '../rules-fields';
import type {
  Affiliate,
  AppliedReattribution,
  AttributionSummary,
  ReattributionResult,
  Rules,
} from '../types';

const DeltaChart = lazy(() => import('../components/delta-chart'));

const DAY_MS = 86_400_000;

interface Request {
  from: string;
  to: string;
  rules?: Partial<Omit<Rules, 'version'>>;
}

interface Draft {
  from: string;
  through: string;
  attributionModel: '' | Rules['attributionModel'];
  cookieWindowDays: string;
  defaultRatePercent: string;
}

const today = () => new Date().toISOString().slice(0, 10);
const daysBefore = (date: string, count: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) - count * DAY_MS).toISOString().slice(0, 10);

/** The form as the contract's request: both days included, in UTC; empty overrides keep the rules in force. */
const requestOf = (draft: Draft): Request => {
  const rules: Request['rules'] = {};
  if (draft.attributionModel) rules.attributionModel = draft.attributionModel;
  if (draft.cookieWindowDays.trim() !== '') rules.cookieWindowDays = Number(draft.cookieWindowDays);
  if (draft.defaultRatePercent.trim() !== '')
    rules.defaultRateBps = Math.round(Number(draft.defaultRatePercent) * 100);
  const to = Number.isNaN(Date.parse(draft.through))
    ? draft.through
    : daysBefore(draft.through, -1);
  return {
    from: draft.from ? `${draft.from}T00:00:00Z` : '',
    to: to ? `${to}T00:00:00Z` : '',
    ...(Object.keys(rules).length > 0 ? { rules } : {}),
  };
};

/** The rules a re-attribution can change, as they read: `First click · 7 days · 10%`. */
const rulesSummary = (rules: Partial<Omit<Rules, 'version'>>, currency: string) =>
  (['attributionModel', 'cookieWindowDays', 'defaultRateBps'] as const)
    .map((field) => showRule(field, rules[field], currency))
    .join(' · ');

export const ReattributionPage = () => {
  const client = useQueryClient();
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => api<Rules>('/v1/admin/rules') });
  const affiliates = useQuery({
    queryKey: ['affiliates'],
    queryFn: () => api<Affiliate[]>('/v1/admin/affiliates'),
  });
  const history = useQuery({
    queryKey: ['reattributions'],
    queryFn: () => api<AppliedReattribution[]>('/v1/console/reattributions'),
  });
  const [draft, setDraft] = useState<Draft>(() => ({
    from: daysBefore(today(), 30),
    through: today(),
    attributionModel: '',
    cookieWindowDays: '',
    defaultRatePercent: '',
  }));
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const dryRun = useMutation({
    mutationFn: (request: Request) =>
      api<ReattributionResult>('/v1/admin/reattributions', {
        method: 'POST',
        body: { ...request, dryRun: true },
      }).then((result) => ({ request, result })),
  });
  const apply = useMutation({
    mutationFn: (request: Request) =>
      api<ReattributionResult>('/v1/admin/reattributions', {
        method: 'POST',
        body: { ...request, dryRun: false },
      }),
    onSuccess: async (result) => {
      setConfirming(false);
      setNotice(
        `Applied ${result.reattributionId}: ${plural(result.changes.length, 'order')} moved. ` +
          'Run the dry run again to check that nothing is left to change.',
      );
      dryRun.reset();
      await client.invalidateQueries({ queryKey: ['reattributions'] });
    },
  });

  const currency = rules.data?.currency ?? 'USD';
  const nameOf = (affiliateId: string | null) =>
    affiliateId === null
      ? 'Nobody'
      : (affiliates.data?.find((a) => a.affiliateId === affiliateId)?.name ?? affiliateId);
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    setConfirming(false);
    dryRun.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    apply.reset();
    setConfirming(false);
    dryRun.mutate(requestOf(draft));
  };
  const fieldError = (field: string) =>
    dryRun.error instanceof ApiError ? dryRun.error.forField(field) : undefined;
  const claimed = ['from', 'to', 'rules.cookieWindowDays', 'rules.defaultRateBps'].some(
    (field) => fieldError(field) !== undefined,
  );
  const shown = dryRun.data;

  return (
    <>
      <h1 tabIndex={-1}>Re-attribution</h1>
      <p className="hint">
        Re-decide the orders paid in a range under other rules. The dry run shows what would move;
        applying records compensating entries (the past stays in the log, the audit as of any
        earlier instant is unchanged).
      </p>
      <p role="status" className="notice">
        {notice}
      </p>

      <form onSubmit={submit} className="panel" noValidate>
        <h2>Range and rules</h2>
        <div className="row top">
          <Field
            label="From"
            type="date"
            value={draft.from}
            onChange={(event) => change({ from: event.target.value })}
            error={fieldError('from')}
          />
          <Field
            label="To"
            type="date"
            value={draft.through}
            hint="Both days included (UTC)."
            onChange={(event) => change({ through: event.target.value })}
            error={fieldError('to')}
          />
        </div>
        <div className="row top">
          <div className="field">
            <label htmlFor="ra-model">Attribution model</label>
            <select
              id="ra-model"
              value={draft.attributionModel}
              onChange={(event) =>
                change({ attributionModel: event.target.value as Draft['attributionModel'] })
              }
            >
              <option value="">
                As in force
                {rules.data
                  ? ` (${showRule('attributionModel', rules.data.attributionModel, currency)})`
                  : ''}
              </option>
              <option value="last_click">Last click</option>
              <option value="first_click">First click</option>
            </select>
          </div>
          <Field
            label="Cookie window (days)"
            type="number"
            min={0}
            value={draft.cookieWindowDays}
            placeholder={rules.data ? String(rules.data.cookieWindowDays) : ''}
            hint="Empty: as in force."
            onChange={(event) => change({ cookieWindowDays: event.target.value })}
            error={fieldError('rules.cookieWindowDays')}
          />
          <Field
            label="Default rate (%)"
            type="number"
            step="any"
            min={0}
            value={draft.defaultRatePercent}
            placeholder={rules.data ? String(rules.data.defaultRateBps / 100) : ''}
            hint="Empty: as in force."
            onChange={(event) => change({ defaultRatePercent: event.target.value })}
            error={fieldError('rules.defaultRateBps')}
          />
        </div>
        {!claimed && (
          <FormError error={dryRun.error instanceof Error ? dryRun.error.message : undefined} />
        )}
        <button type="submit" disabled={dryRun.isPending}>
          {dryRun.isPending ? 'Running…' : 'Dry run'}
        </button>
      </form>

      {shown && (
        <section aria-labelledby="ra-result" className="panel">
          <h2 id="ra-result">Dry run result</h2>
          <p>
            {plural(shown.result.ordersExamined, 'order')} paid in the range examined;{' '}
            <strong>
              {shown.result.changes.length === 0
                ? 'no order changes'
                : `${plural(shown.result.changes.length, 'order')} would change`}
            </strong>
            . <span className="mono">{shown.result.reattributionId}</span>
          </p>
          {shown.result.appliedAt && (
            <p>
              These rules were applied to this range on <Time at={shown.result.appliedAt} />.
            </p>
          )}
          {shown.result.changes.length > 0 && (
            <>
              <h3>Change per affiliate</h3>
              <Suspense fallback={<Loading what="the chart" />}>
                <DeltaChart
                  currency={currency}
                  summary={`Change per affiliate: ${shown.result.deltaByAffiliate
                    .map((d) => `${nameOf(d.affiliateId)} ${signed(d.deltaCents, currency)}`)
                    .join(', ')}`}
                  data={shown.result.deltaByAffiliate.map((d) => ({
                    name: nameOf(d.affiliateId),
                    amount: d.deltaCents / 100,
                    label: signed(d.deltaCents, currency),
                  }))}
                />
              </Suspense>
              <div className="table-wrap">
                <table>
                  <caption className="visually-hidden">Commission change per affiliate</caption>
                  <thead>
                    <tr>
                      <th scope="col">Affiliate</th>
                      <th scope="col">Change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.result.deltaByAffiliate.map((d) => (
                      <tr key={d.affiliateId}>
                        <th scope="row">{nameOf(d.affiliateId)}</th>
                        <td className={d.deltaCents < 0 ? 'loss' : 'gain'}>
                          {signed(d.deltaCents, currency)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <h3>Orders that move</h3>
              <div className="table-wrap">
                <table className="stack">
                  <thead>
                    <tr>
                      <th scope="col">Order</th>
                      <th scope="col">Now</th>
                      <th scope="col">After</th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.result.changes.map((c) => (
                      <tr key={c.orderId}>
                        <th scope="row" className="mono">
                          {c.orderId}
                        </th>
                        <td data-label="Now">
                          <del>{earner(c.before, nameOf, currency)}</del>
                        </td>
                        <td data-label="After">
                          <ins>{earner(c.after, nameOf, currency)}</ins>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {!confirming ? (
                <button type="button" onClick={() => setConfirming(true)}>
                  Apply
                </button>
              ) : (
                <div role="group" aria-labelledby="ra-confirm" className="explain">
                  <h3 id="ra-confirm">Apply this re-attribution?</h3>
                  <p>
                    {plural(shown.result.changes.length, 'order')}{' '}
                    {shown.result.changes.length === 1 ? 'moves' : 'move'}. The replaced commissions
                    are reversed (a clawback where already paid out) and the new ones earned. Only
                    another re-attribution undoes it.
                  </p>
                  {apply.isPending && (
                    <p role="status">
                      <progress aria-label="Applying the re-attribution" /> Re-deciding the orders
                      and posting to the ledgers…
                    </p>
                  )}
                  <FormError
                    error={apply.error instanceof Error ? apply.error.message : undefined}
                  />
                  <div className="row">
                    <button
                      type="button"
                      className="danger"
                      disabled={apply.isPending}
                      onClick={() => apply.mutate(shown.request)}
                    >
                      Confirm apply
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={apply.isPending}
                      onClick={() => setConfirming(false)}
                    >
                      Cancel
                    </button>
                  </div>
                </div>
              )}
            </>
          )}
        </section>
      )}

      <h2>Applied re-attributions</h2>
      {history.isPending ? (
        <Loading what="the applied re-attributions" />
      ) : history.isError ? (
        <Failure error={history.error} />
      ) : history.data.length === 0 ? (
        <p className="muted">No re-attribution has been applied.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">Applied re-attributions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Applied</th>
                <th scope="col">Who</th>
                <th scope="col">Range</th>
                <th scope="col">Rules</th>
                <th scope="col">Orders moved</th>
                <th scope="col">Change per affiliate</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((applied) => (
                <tr key={applied.reattributionId}>
                  <td data-label="Applied">
                    <Time at={applied.appliedAt} />
                  </td>
                  <td data-label="Who">{applied.actor}</td>
                  <td data-label="Range">
                    <Time at={applied.from} dateOnly /> –{' '}
                    <Time at={new Date(Date.parse(applied.to) - DAY_MS).toISOString()} dateOnly />
                  </td>
                  <td data-label="Rules">{rulesSummary(applied.rules, currency)}</td>
                  <td data-label="Orders moved">
                    {applied.ordersMoved} of {applied.ordersExamined}
                  </td>
                  <td data-label="Change per affiliate">
                    <ul className="changes">
                      {applied.deltaByAffiliate.map((d) => (
                        <li key={d.affiliateId}>
                          {nameOf(d.affiliateId)}: {signed(d.deltaCents, currency)}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
};

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

const signed = (cents: number, currency: string) =>
  `${cents > 0 ? '+' : cents < 0 ? '−' : ''}${money(Math.abs(cents), currency)}`;

const earner = (
  summary: AttributionSummary,
  nameOf: (affiliateId: string | null) => string,
  currency: string,
) =>
  summary.affiliateId === null
    ? 'Nobody'
    : `${nameOf(summary.affiliateId)}, ${money(summary.commissionCents, currency)}`;
