import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { Field, FormError } from '../../field';
import { bps, Failure, Loading } from '../../format';
import type { Product, Rules } from '../types';

interface Draft {
  productId: string;
  name: string;
  url: string;
  checkoutUrl: string;
  stripePriceId: string;
  eligible: boolean;
  ratePercent: string;
}

const EMPTY: Draft = {
  productId: '',
  name: '',
  url: '',
  checkoutUrl: '',
  stripePriceId: '',
  eligible: true,
  ratePercent: '',
};

const draftOf = (product: Product): Draft => ({
  productId: product.productId,
  name: product.name,
  url: product.url,
  checkoutUrl: product.checkoutUrl ?? '',
  stripePriceId: product.stripePriceId ?? '',
  eligible: product.eligible,
  ratePercent: product.rateBps === undefined ? '' : String(product.rateBps / 100),
});

/** The catalog: list and search, add a product, edit one (`PUT /v1/admin/products/{id}`). */
export const ProductsPage = () => {
  const client = useQueryClient();
  const products = useQuery({
    queryKey: ['products'],
    queryFn: () => api<{ products: Product[] }>('/v1/console/products'),
  });
  const rules = useQuery({ queryKey: ['rules'], queryFn: () => api<Rules>('/v1/admin/rules') });
  const [search, setSearch] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState('');
  const save = useMutation({
    mutationFn: (next: Draft) =>
      api(`/v1/admin/products/${encodeURIComponent(next.productId.trim())}`, {
        method: 'PUT',
        body: {
          name: next.name.trim(),
          url: next.url.trim(),
          eligible: next.eligible,
          ...(next.checkoutUrl.trim() ? { checkoutUrl: next.checkoutUrl.trim() } : {}),
          ...(next.stripePriceId.trim() ? { stripePriceId: next.stripePriceId.trim() } : {}),
          ...(next.ratePercent.trim() !== ''
            ? { rateBps: Math.round(Number(next.ratePercent) * 100) }
            : {}),
        },
      }),
    onSuccess: async (_answer, saved) => {
      setNotice(`${saved.name.trim()} saved.`);
      setDraft(null);
      await client.invalidateQueries({ queryKey: ['products'] });
    },
  });
  const problem = save.error instanceof ApiError ? save.error : null;
  const fields = ['name', 'url', 'checkoutUrl', 'stripePriceId', 'rateBps', 'eligible'];
  const claimed = problem && fields.some((field) => problem.forField(field));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate(draft);
  };
  const open = (next: Draft, asEdit: boolean) => {
    save.reset();
    setNotice('');
    setEditing(asEdit);
    setDraft(next);
  };
  const term = search.trim().toLowerCase();
  const shown = (products.data?.products ?? []).filter(
    (product) =>
      !term ||
      product.name.toLowerCase().includes(term) ||
      product.productId.toLowerCase().includes(term),
  );
  const defaultRate = rules.data ? bps(rules.data.defaultRateBps) : 'the default';

  return (
    <>
      <h1 tabIndex={-1}>Products</h1>
      <p role="status" className="notice">
        {notice}
      </p>
      <div className="row">
        <div className="field">
          <label htmlFor="product-search">Search products</label>
          <input
            id="product-search"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <button type="button" className="beside-field" onClick={() => open(EMPTY, false)}>
          New product
        </button>
      </div>

      {draft && (
        <form onSubmit={submit} className="panel" noValidate aria-labelledby="product-form">
          <h2 id="product-form">{editing ? `Edit ${draft.name}` : 'New product'}</h2>
          <div className="row top">
            <Field
              label="Product id"
              value={draft.productId}
              readOnly={editing}
              hint={
                editing ? 'The shop’s id; it cannot change.' : 'The shop’s id, as orders name it.'
              }
              onChange={(event) => setDraft({ ...draft, productId: event.target.value })}
            />
            <Field
              label="Name"
              value={draft.name}
              onChange={(event) => setDraft({ ...draft, name: event.target.value })}
              error={problem?.forField('name')}
            />
            <Field
              label="Rate (%)"
              type="number"
              step="any"
              min={0}
              value={draft.ratePercent}
              placeholder={rules.data ? String(rules.data.defaultRateBps / 100) : ''}
              hint={`Empty: the program’s default (${defaultRate}).`}
              onChange={(event) => setDraft({ ...draft, ratePercent: event.target.value })}
              error={problem?.forField('rateBps')}
            />
          </div>
          <div className="row top">
            <Field
              label="Product page URL"
              type="url"
              value={draft.url}
              onChange={(event) => setDraft({ ...draft, url: event.target.value })}
              error={problem?.forField('url')}
            />
            <Field
              label="Checkout URL"
              type="url"
              value={draft.checkoutUrl}
              hint="Optional: where purchase links land without Stripe."
              onChange={(event) => setDraft({ ...draft, checkoutUrl: event.target.value })}
              error={problem?.forField('checkoutUrl')}
            />
            <Field
              label="Stripe price id"
              value={draft.stripePriceId}
              hint="Optional: price_…"
              onChange={(event) => setDraft({ ...draft, stripePriceId: event.target.value })}
              error={problem?.forField('stripePriceId')}
            />
          </div>
          <p>
            <label>
              <input
                type="checkbox"
                checked={draft.eligible}
                onChange={(event) => setDraft({ ...draft, eligible: event.target.checked })}
              />{' '}
              Earns commission
            </label>
          </p>
          {!claimed && <FormError error={save.error?.message} />}
          <div className="row">
            <button type="submit" disabled={save.isPending}>
              {editing ? 'Save product' : 'Add product'}
            </button>
            <button type="button" className="secondary" onClick={() => setDraft(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}

      {products.isPending ? (
        <Loading what="the products" />
      ) : products.isError ? (
        <Failure error={products.error} />
      ) : products.data.products.length === 0 ? (
        <p className="muted">
          No product yet: add the shop&rsquo;s products so links can name them.
        </p>
      ) : shown.length === 0 ? (
        <p className="muted">No product matches &ldquo;{search}&rdquo;.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">Products, by name</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Earns</th>
                <th scope="col">Rate</th>
                <th scope="col">Page</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((product) => (
                <tr key={product.productId}>
                  <th scope="row">{product.name}</th>
                  <td data-label="Id" className="mono">
                    {product.productId}
                  </td>
                  <td data-label="Earns">
                    {product.eligible ? 'Yes' : <span className="badge warn">Not eligible</span>}
                  </td>
                  <td data-label="Rate">
                    {product.rateBps === undefined
                      ? `Default (${defaultRate})`
                      : bps(product.rateBps)}
                  </td>
                  <td data-label="Page" className="detail">
                    <a href={product.url}>{product.url}</a>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Edit ${product.name}`}
                      onClick={() => open(draftOf(product), true)}
                    >
                      Edit
                    </button>
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
