import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { Field, FormError } from '../../field';
import { bps, Failure, Loading, money, Time } from '../../format';
import type { Affiliate, AuditReport, Balances, Commission, Product, Rules } from '../types';

const BALANCES: [keyof Balances, string][] = [
  ['earnedCents', 'Earned'],
  ['reversedCents', 'Reversed'],
  ['pendingCents', 'Pending'],
  ['dueCents', 'Due'],
  ['requestedCents', 'Requested'],
  ['paidCents', 'Paid'],
];

const scopeText = (scope: Affiliate['productScope'], products: Product[]) =>
  scope === 'all'
    ? 'All products'
    : scope.map((id) => products.find((p) => p.productId === id)?.name ?? id).join(', ');

/** The affiliates: list and search, register one, and each one's settings, balances and commissions. */
export const AffiliatesPage = () => {
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const affiliates = useQuery({
    queryKey: ['affiliates'],
    queryFn: () => api<Affiliate[]>('/v1/admin/affiliates'),
  });
  const products = useQuery({
    queryKey: ['products'],
    queryFn: () => api<{ products: Product[] }>('/v1/console/products'),
  });
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => api<Rules>('/v1/admin/rules') });
  const audit = useQuery({
    queryKey: ['audit-now'],
    queryFn: () => api<AuditReport>('/v1/admin/audit'),
  });
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const currency = rules.data?.currency ?? 'USD';
  const catalog = products.data?.products ?? [];
  const balancesOf = (affiliateId: string) =>
    audit.data?.affiliates.find((a) => a.affiliateId === affiliateId);
  const term = search.trim().toLowerCase();
  const shown = (affiliates.data ?? []).filter(
    (a) =>
      !term ||
      [a.name, a.email, a.refCode, ...(a.promoCodes ?? [])].some((text) =>
        text.toLowerCase().includes(term),
      ),
  );
  const current = affiliates.data?.find((a) => a.affiliateId === selected);

  return (
    <>
      <h1 tabIndex={-1}>Affiliates</h1>
      <div className="row">
        <div className="field">
          <label htmlFor="affiliate-search">Search affiliates</label>
          <input
            id="affiliate-search"
            type="search"
            value={search}
            placeholder="Name, email, ref code or promotion code"
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <button type="button" className="beside-field" onClick={() => setCreating(true)}>
          New affiliate
        </button>
      </div>
      {creating && (
        <NewAffiliate products={catalog} currency={currency} onClose={() => setCreating(false)} />
      )}

      {affiliates.isPending ? (
        <Loading what="the affiliates" />
      ) : affiliates.isError ? (
        <Failure error={affiliates.error} />
      ) : affiliates.data.length === 0 ? (
        <p className="muted">No affiliate yet.</p>
      ) : shown.length === 0 ? (
        <p className="muted">No affiliate matches &ldquo;{search}&rdquo;.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">Affiliates</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Ref code</th>
                <th scope="col">Status</th>
                <th scope="col">Rate</th>
                <th scope="col">Due</th>
                <th scope="col">Paid</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((affiliate) => (
                <tr key={affiliate.affiliateId}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      aria-current={affiliate.affiliateId === selected ? 'true' : undefined}
                      onClick={() => setParams({ id: affiliate.affiliateId })}
                    >
                      {affiliate.name}
                    </button>{' '}
                    <span className="muted small">{affiliate.email}</span>
                  </th>
                  <td data-label="Ref code" className="mono">
                    {affiliate.refCode}
                  </td>
                  <td data-label="Status">
                    <span className={`badge ${affiliate.status === 'active' ? 'good' : 'bad'}`}>
                      {affiliate.status === 'active' ? 'Active' : 'Suspended'}
                    </span>
                  </td>
                  <td data-label="Rate">
                    {affiliate.rateBps == null ? 'Default' : bps(affiliate.rateBps)}
                  </td>
                  <td data-label="Due">
                    {money(balancesOf(affiliate.affiliateId)?.dueCents ?? 0, currency)}
                  </td>
                  <td data-label="Paid">
                    {money(balancesOf(affiliate.affiliateId)?.paidCents ?? 0, currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {current && (
        <AffiliateDetail
          key={current.affiliateId}
          affiliate={current}
          products={catalog}
          currency={currency}
          defaultRateBps={rules.data?.defaultRateBps}
          balances={balancesOf(current.affiliateId)}
        />
      )}
    </>
  );
};

/** Products chosen for a scope: "All products", or some. */
const ScopeChoice = ({
  scope,
  products,
  onChange,
}: {
  scope: 'all' | string[];
  products: Product[];
  onChange: (scope: 'all' | string[]) => void;
}) => (
  <fieldset>
    <legend>Product scope</legend>
    <label>
      <input
        type="checkbox"
        checked={scope === 'all'}
        onChange={(event) => onChange(event.target.checked ? 'all' : [])}
      />{' '}
      All products
    </label>
    {scope !== 'all' &&
      products.map((product) => (
        <label key={product.productId}>
          <input
            type="checkbox"
            checked={scope.includes(product.productId)}
            onChange={(event) =>
              onChange(
                event.target.checked
                  ? [...scope, product.productId]
                  : scope.filter((id) => id !== product.productId),
              )
            }
          />{' '}
          {product.name}
        </label>
      ))}
  </fieldset>
);

const NewAffiliate = ({
  products,
  onClose,
}: {
  products: Product[];
  currency: string;
  onClose: () => void;
}) => {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [refCode, setRefCode] = useState('');
  const [ratePercent, setRatePercent] = useState('');
  const [scope, setScope] = useState<'all' | string[]>('all');
  const create = useMutation({
    mutationFn: () =>
      api<{ affiliateId: string; refCode: string; apiKey: string; inviteUrl?: string }>(
        '/v1/admin/affiliates',
        {
          method: 'POST',
          body: {
            name: name.trim(),
            email: email.trim(),
            productScope: scope,
            ...(refCode.trim() ? { refCode: refCode.trim() } : {}),
            ...(ratePercent.trim() !== ''
              ? { rateBps: Math.round(Number(ratePercent) * 100) }
              : {}),
          },
        },
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['affiliates'] }),
  });
  const problem = create.error instanceof ApiError ? create.error : null;
  const claimed =
    problem && ['name', 'email', 'refCode', 'rateBps'].some((f) => problem.forField(f));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  if (create.data)
    return (
      <section aria-labelledby="created-heading" className="panel explain">
        <h2 id="created-heading">{name.trim()} is registered</h2>
        <p>
          Ref code <strong className="mono">{create.data.refCode}</strong>. Send the invite link
          (one use, 7 days) so they can set a password; the API key is shown only now.
        </p>
        <dl>
          <dt>Invite link</dt>
          <dd className="mono">{create.data.inviteUrl}</dd>
          <dt>API key</dt>
          <dd className="mono">{create.data.apiKey}</dd>
        </dl>
        <button type="button" className="secondary" onClick={onClose}>
          Done
        </button>
      </section>
    );
  return (
    <form onSubmit={submit} className="panel" noValidate aria-labelledby="new-affiliate">
      <h2 id="new-affiliate">New affiliate</h2>
      <div className="row top">
        <Field
          label="Name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={problem?.forField('name')}
        />
        <Field
          label="Email"
          type="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={problem?.forField('email')}
        />
        <Field
          label="Ref code"
          value={refCode}
          hint="Optional: a-z, 0-9 and -, 3 to 32; generated when empty."
          onChange={(event) => setRefCode(event.target.value)}
          error={problem?.forField('refCode')}
        />
        <Field
          label="Rate (%)"
          type="number"
          step="any"
          min={0}
          value={ratePercent}
          hint="Optional: overrides the product and program rates."
          onChange={(event) => setRatePercent(event.target.value)}
          error={problem?.forField('rateBps')}
        />
      </div>
      <ScopeChoice scope={scope} products={products} onChange={setScope} />
      {!claimed && <FormError error={create.error?.message} />}
      <div className="row">
        <button type="submit" disabled={create.isPending}>
          Register affiliate
        </button>
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
};

const AffiliateDetail = ({
  affiliate,
  products,
  currency,
  defaultRateBps,
  balances,
}: {
  affiliate: Affiliate;
  products: Product[];
  currency: string;
  defaultRateBps: number | undefined;
  balances: Balances | undefined;
}) => {
  const client = useQueryClient();
  const [ratePercent, setRatePercent] = useState(
    affiliate.rateBps == null ? '' : String(affiliate.rateBps / 100),
  );
  const [scope, setScope] = useState<'all' | string[]>(affiliate.productScope);
  const [codes, setCodes] = useState((affiliate.promoCodes ?? []).join(', '));
  const [notice, setNotice] = useState('');
  const [invite, setInvite] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ['affiliates'] });
  const change = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api(`/v1/admin/affiliates/${affiliate.affiliateId}`, { method: 'PATCH', body }),
    onSuccess: async (_answer, body) => {
      setNotice(
        body.status === 'suspended'
          ? `${affiliate.name} is suspended: their links stop earning and their key and sessions are refused.`
          : body.status === 'active'
            ? `${affiliate.name} is active again.`
            : 'Changes saved.',
      );
      await refresh();
    },
  });
  const reinvite = useMutation({
    mutationFn: () =>
      api<{ inviteUrl: string }>(`/v1/admin/affiliates/${affiliate.affiliateId}/invite`, {
        method: 'POST',
      }),
    onSuccess: (answer) => setInvite(answer.inviteUrl),
  });
  const commissions = useQuery({
    queryKey: ['affiliate-commissions', affiliate.affiliateId],
    queryFn: () =>
      api<{ items: Commission[]; nextCursor: string | null }>(
        `/v1/console/affiliates/${affiliate.affiliateId}/commissions?limit=50`,
      ),
  });
  const problem = change.error instanceof ApiError ? change.error : null;
  const claimed = problem && ['rateBps', 'promoCodes'].some((f) => problem.forField(f));
  const save = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    change.mutate({
      rateBps: ratePercent.trim() === '' ? null : Math.round(Number(ratePercent) * 100),
      productScope: scope,
      promoCodes: codes
        .split(/[\s,]+/)
        .map((code) => code.trim())
        .filter(Boolean),
    });
  };
  const suspended = affiliate.status === 'suspended';

  return (
    <section aria-labelledby="affiliate-heading" className="panel">
      <h2 id="affiliate-heading">{affiliate.name}</h2>
      <p className="muted">
        {affiliate.email} · ref code <span className="mono">{affiliate.refCode}</span> ·{' '}
        {scopeText(affiliate.productScope, products)}
      </p>
      <p role="status" className="notice">
        {notice}
      </p>
      <h3>Balances</h3>
      <dl className="cards">
        {BALANCES.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd>{money(balances?.[key] ?? 0, currency)}</dd>
          </div>
        ))}
      </dl>

      <form onSubmit={save} noValidate aria-labelledby="settings-heading">
        <h3 id="settings-heading">Settings</h3>
        <div className="row top">
          <Field
            label="Rate (%)"
            type="number"
            step="any"
            min={0}
            value={ratePercent}
            placeholder={defaultRateBps === undefined ? '' : String(defaultRateBps / 100)}
            hint="Empty: the product's or the program's rate."
            onChange={(event) => setRatePercent(event.target.value)}
            error={problem?.forField('rateBps')}
          />
          <Field
            label="Promotion codes"
            value={codes}
            hint="Comma-separated, e.g. ANN10. An order carrying one is theirs."
            onChange={(event) => setCodes(event.target.value)}
            error={problem?.forField('promoCodes')}
          />
        </div>
        <ScopeChoice scope={scope} products={products} onChange={setScope} />
        {!claimed && <FormError error={change.error?.message} />}
        <button type="submit" disabled={change.isPending}>
          Save changes
        </button>
      </form>

      <h3>Access</h3>
      <div className="row">
        <button
          type="button"
          className={suspended ? '' : 'danger'}
          disabled={change.isPending}
          onClick={() => {
            setNotice('');
            change.mutate({ status: suspended ? 'active' : 'suspended' });
          }}
        >
          {suspended ? 'Reactivate' : 'Suspend'}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={reinvite.isPending}
          onClick={() => reinvite.mutate()}
        >
          New invite link
        </button>
      </div>
      {reinvite.error && <Failure error={reinvite.error} />}
      {invite && (
        <p>
          Invite link (one use, 7 days): <span className="mono">{invite}</span>
        </p>
      )}

      <h3 id="commissions">Commissions</h3>
      {commissions.isPending ? (
        <Loading what="the commissions" />
      ) : commissions.isError ? (
        <Failure error={commissions.error} />
      ) : commissions.data.items.length === 0 ? (
        <p className="muted">No commission yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">{affiliate.name}&rsquo;s commissions</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Earned</th>
                <th scope="col">Due</th>
              </tr>
            </thead>
            <tbody>
              {commissions.data.items.map((commission) => (
                <tr key={commission.commissionId}>
                  <th scope="row">
                    <Link
                      className="mono"
                      to={`/orders?id=${encodeURIComponent(commission.orderId)}`}
                    >
                      {commission.orderId}
                    </Link>
                  </th>
                  <td data-label="Amount">{money(commission.amountCents, commission.currency)}</td>
                  <td data-label="Status">{commission.status}</td>
                  <td data-label="Earned">
                    <Time at={commission.earnedAt} dateOnly />
                  </td>
                  <td data-label="Due">
                    <Time at={commission.dueAt} dateOnly />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};
