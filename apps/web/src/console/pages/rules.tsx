import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { FormError } from '../../field';
import { Failure, Loading, Time } from '../../format';
import { labelOf, showRule } from '../rules-fields';
import type { Rules, RulesVersion } from '../types';

const digitsOf = (currency: string) => {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
};

type Draft = Record<
  | 'currency'
  | 'cookieWindowDays'
  | 'attributionModel'
  | 'holdDays'
  | 'minPayout'
  | 'defaultRatePercent'
  | 'autoApproveBelow'
  | 'recurringPayments',
  string
>;

const draftOf = (rules: Rules): Draft => {
  const unit = 10 ** digitsOf(rules.currency);
  return {
    currency: rules.currency,
    cookieWindowDays: String(rules.cookieWindowDays),
    attributionModel: rules.attributionModel,
    holdDays: String(rules.holdDays),
    minPayout: String(rules.minPayoutCents / unit),
    defaultRatePercent: String(rules.defaultRateBps / 100),
    autoApproveBelow: String(rules.autoApproveBelowCents / unit),
    recurringPayments: rules.recurringPayments === null ? '' : String(rules.recurringPayments),
  };
};

/** The draft as the rules it would make (amounts back to minor units, the rate to basis points). */
const rulesOf = (draft: Draft): Omit<Rules, 'version'> => {
  const unit = 10 ** digitsOf(draft.currency);
  return {
    currency: draft.currency.trim().toUpperCase(),
    cookieWindowDays: Number(draft.cookieWindowDays),
    attributionModel: draft.attributionModel as Rules['attributionModel'],
    holdDays: Number(draft.holdDays),
    minPayoutCents: Math.round(Number(draft.minPayout) * unit),
    defaultRateBps: Math.round(Number(draft.defaultRatePercent) * 100),
    autoApproveBelowCents: Math.round(Number(draft.autoApproveBelow) * unit),
    recurringPayments:
      draft.recurringPayments.trim() === '' ? null : Number(draft.recurringPayments),
  };
};

const FIELDS: { key: keyof Draft; label: string; type?: string; hint?: string }[] = [
  {
    key: 'currency',
    label: 'Currency',
    hint: 'ISO 4217, e.g. EUR. Orders in another currency are refused.',
  },
  { key: 'cookieWindowDays', label: 'Cookie window (days)', type: 'number' },
  { key: 'holdDays', label: 'Refund hold (days)', type: 'number' },
  { key: 'minPayout', label: 'Minimum payout', type: 'number' },
  { key: 'defaultRatePercent', label: 'Default rate (%)', type: 'number' },
  {
    key: 'autoApproveBelow',
    label: 'Auto-approve payouts below',
    type: 'number',
    hint: '0: every payout waits for approval.',
  },
  {
    key: 'recurringPayments',
    label: 'Paid invoices that earn',
    type: 'number',
    hint: 'Per subscription, counting the first. Empty: every one.',
  },
];

export const RulesPage = () => {
  const client = useQueryClient();
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => api<Rules>('/v1/admin/rules') });
  const history = useQuery({
    queryKey: ['rules-history'],
    queryFn: () => api<RulesVersion[]>('/v1/console/rules/history'),
  });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reviewing, setReviewing] = useState(false);
  const [notice, setNotice] = useState('');
  const save = useMutation({
    mutationFn: (next: Omit<Rules, 'version'>) =>
      api<Rules>('/v1/admin/rules', { method: 'PUT', body: next }),
    onSuccess: async (saved) => {
      setNotice(`Rules saved as version ${saved.version}.`);
      setDraft(null);
      setReviewing(false);
      await client.invalidateQueries({ queryKey: ['rules'] });
      await client.invalidateQueries({ queryKey: ['rules-history'] });
    },
  });

  if (rules.isPending) return <Loading what="the rules" />;
  if (rules.isError) return <Failure error={rules.error} />;
  const current = rules.data;
  const next = draft ? rulesOf(draft) : null;
  const changes = next
    ? (Object.keys(next) as (keyof typeof next)[]).filter((key) => next[key] !== current[key])
    : [];

  const review = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    setReviewing(true);
  };

  return (
    <>
      <h1 tabIndex={-1}>Rules</h1>
      <p role="status" className="notice">
        {notice}
      </p>
      <h2>
        {current.version === 0 ? 'In force: the defaults' : `In force: version ${current.version}`}
      </h2>
      <dl className="cards">
        {(Object.keys(current) as (keyof Rules)[])
          .filter((key) => key !== 'version')
          .map((key) => (
            <div key={key}>
              <dt>{labelOf(key)}</dt>
              <dd>{showRule(key, current[key], current.currency)}</dd>
            </div>
          ))}
      </dl>

      {!draft ? (
        <p>
          <button type="button" onClick={() => setDraft(draftOf(current))}>
            Edit rules
          </button>
        </p>
      ) : (
        <form onSubmit={review} className="panel">
          <h2>Edit rules</h2>
          <div className="row">
            {FIELDS.map((field) => (
              <div className="field" key={field.key}>
                <label htmlFor={`rule-${field.key}`}>{field.label}</label>
                <input
                  id={`rule-${field.key}`}
                  type={field.type ?? 'text'}
                  step="any"
                  value={draft[field.key]}
                  aria-describedby={field.hint ? `rule-${field.key}-hint` : undefined}
                  onChange={(event) => {
                    setReviewing(false);
                    setDraft({ ...draft, [field.key]: event.target.value });
                  }}
                />
                {field.hint && (
                  <p id={`rule-${field.key}-hint`} className="hint">
                    {field.hint}
                  </p>
                )}
              </div>
            ))}
            <div className="field">
              <label htmlFor="rule-model">Attribution model</label>
              <select
                id="rule-model"
                value={draft.attributionModel}
                onChange={(event) => {
                  setReviewing(false);
                  setDraft({ ...draft, attributionModel: event.target.value });
                }}
              >
                <option value="last_click">Last click</option>
                <option value="first_click">First click</option>
              </select>
            </div>
          </div>
          <div className="row">
            <button type="submit">Review changes</button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setDraft(null);
                setReviewing(false);
                save.reset();
              }}
            >
              Cancel
            </button>
          </div>
          {reviewing && next && (
            <section aria-labelledby="rule-diff" className="explain">
              <h3 id="rule-diff">What changes</h3>
              {changes.length === 0 ? (
                <p>Nothing changes.</p>
              ) : (
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">Rule</th>
                        <th scope="col">Now</th>
                        <th scope="col">After saving</th>
                      </tr>
                    </thead>
                    <tbody>
                      {changes.map((key) => (
                        <tr key={key}>
                          <th scope="row">{labelOf(key)}</th>
                          <td>
                            <del>{showRule(key, current[key], current.currency)}</del>
                          </td>
                          <td>
                            <ins>{showRule(key, next[key], next.currency)}</ins>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <p className="hint">
                Orders already recorded keep the version that decided them; use Re-attribution to
                re-decide them.
              </p>
              <FormError error={save.error instanceof ApiError ? save.error.message : undefined} />
              <button
                type="button"
                disabled={changes.length === 0 || save.isPending}
                onClick={() => save.mutate(next)}
              >
                {save.isPending ? 'Saving…' : `Save as version ${current.version + 1}`}
              </button>
            </section>
          )}
        </form>
      )}

      <h2>History</h2>
      {history.isPending ? (
        <Loading what="the history" />
      ) : history.isError ? (
        <Failure error={history.error} />
      ) : history.data.length === 0 ? (
        <p className="muted">The rules have never been set: the defaults are in force.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">
              Versions of the program rules, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What changed</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((version) => (
                <tr key={version.version}>
                  <th scope="row">{version.version}</th>
                  <td>
                    <Time at={version.changedAt} />
                  </td>
                  <td>{version.actor}</td>
                  <td>
                    <ul className="changes">
                      {version.changed.map((change) => (
                        <li key={change.field}>
                          {labelOf(change.field)}:{' '}
                          {showRule(change.field, change.before, version.rules.currency)} →{' '}
                          {showRule(change.field, change.after, version.rules.currency)}
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
