import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError } from '../../api';
import { Failure, Loading, bps, money, Time } from '../../format';
import type { Affiliate, ClickVerdict, OrderClicks, OrderExplanation } from '../types';

const VERDICTS: Record<ClickVerdict, { label: string; badge: string }> = {
  won: { label: 'Won', badge: 'good' },
  considered: { label: 'Considered, lost', badge: '' },
  bot: { label: 'Bot, ignored', badge: 'bad' },
  outside_window: { label: 'Outside the cookie window', badge: 'warn' },
  after_payment: { label: 'After the payment', badge: 'warn' },
};

const CHECKS: Record<string, string> = {
  click: 'Click',
  bot: 'Human click',
  window: 'Cookie window',
  affiliate_active: 'Affiliate active',
  self_referral: 'Not a self-referral',
  scope: 'Product scope',
  eligibility: 'Eligible lines',
  promo_code: 'Promotion code',
  subscription: 'Subscription',
  recurring_limit: 'Recurring payments',
};

const OUTCOMES: Record<string, string> = {
  earns: 'Earns',
  out_of_scope: 'Outside the scope',
  ineligible: 'Product not eligible',
  unknown_product: 'Unknown product',
  not_commissionable: 'Tax or shipping',
  past_recurring_limit: 'Past the recurring limit',
};

/** Search by order id → why it was attributed as it was. `?id=` makes an order linkable. */
export const OrdersPage = () => {
  const [params, setParams] = useSearchParams();
  const orderId = params.get('id') ?? '';
  const [typed, setTyped] = useState(orderId);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = typed.trim();
    if (id) setParams({ id });
  };
  return (
    <>
      <h1 tabIndex={-1}>Orders</h1>
      <form role="search" onSubmit={submit} className="panel">
        <div className="row">
          <div className="field">
            <label htmlFor="order-id">Order id</label>
            <input
              id="order-id"
              value={typed}
              autoComplete="off"
              spellCheck={false}
              onChange={(event) => setTyped(event.target.value)}
            />
          </div>
          <button type="submit" className="beside-field">
            Explain
          </button>
        </div>
        <p className="hint">
          The shop&rsquo;s order id, or a Stripe invoice id for a subscription payment.
        </p>
      </form>
      {orderId && <Explanation key={orderId} orderId={orderId} />}
    </>
  );
};

const Explanation = ({ orderId }: { orderId: string }) => {
  const path = encodeURIComponent(orderId);
  const explained = useQuery({
    queryKey: ['order', orderId],
    queryFn: () => api<OrderExplanation>(`/v1/admin/orders/${path}`),
    retry: false,
  });
  const clicks = useQuery({
    queryKey: ['order-clicks', orderId],
    queryFn: () => api<OrderClicks>(`/v1/console/orders/${path}/clicks`),
    enabled: explained.data?.order != null,
    retry: false,
  });
  const affiliates = useQuery({
    queryKey: ['affiliates'],
    queryFn: () => api<Affiliate[]>('/v1/admin/affiliates'),
  });
  if (explained.isPending) return <Loading what={`order ${orderId}`} />;
  if (explained.isError)
    return explained.error instanceof ApiError && explained.error.status === 404 ? (
      <p role="alert" className="error">
        No order <span className="mono">{orderId}</span> is recorded.
      </p>
    ) : (
      <Failure error={explained.error} />
    );
  const { order, attribution } = explained.data;
  const nameOf = (affiliateId: string) =>
    affiliates.data?.find((a) => a.affiliateId === affiliateId)?.name ?? affiliateId;
  if (!order)
    return (
      <section aria-labelledby="order-heading" className="panel">
        <h2 id="order-heading">
          Order <span className="mono">{orderId}</span>
        </h2>
        <p>Refunded before its payment arrived: nothing is attributed until it does.</p>
      </section>
    );
  const currency = order.currency;
  return (
    <section aria-labelledby="order-heading" className="panel">
      <h2 id="order-heading">
        Order <span className="mono">{orderId}</span>
      </h2>
      <dl className="cards">
        <div>
          <dt>Paid</dt>
          <dd>
            <Time at={order.paidAt} />
          </dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{money(order.totalCents, currency)}</dd>
        </div>
        <div>
          <dt>Earned by</dt>
          <dd>{attribution ? nameOf(attribution.affiliateId) : 'Nobody'}</dd>
        </div>
        <div>
          <dt>Commission</dt>
          <dd>{money(explained.data.commissionCents, currency)}</dd>
        </div>
        <div>
          <dt>Rule version</dt>
          <dd>
            {attribution?.rulesVersion ?? explained.data.rulesVersion ?? 0}
            {attribution && (
              <span className="muted">
                {' '}
                · {attribution.model === 'first_click' ? 'first click' : 'last click'}
              </span>
            )}
          </dd>
        </div>
      </dl>
      {attribution?.promoCode && (
        <p>
          Won by the promotion code <strong className="mono">{attribution.promoCode}</strong>: a
          code wins over clicks.
        </p>
      )}

      <h3>Clicks considered</h3>
      {clicks.isPending ? (
        <Loading what="the clicks" />
      ) : clicks.isError ? (
        <Failure error={clicks.error} />
      ) : (
        <Timeline clicks={clicks.data} nameOf={nameOf} />
      )}

      <h3>Checks</h3>
      <div className="table-wrap">
        <table className="stack">
          <caption className="visually-hidden">Attribution checks, in the order they ran</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">Result</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {explained.data.checks.map((check, index) => (
              <tr key={`${check.check}-${index}`}>
                <th scope="row">{CHECKS[check.check] ?? check.check}</th>
                <td data-label="Result">
                  <span className={`badge ${check.ok ? 'good' : 'bad'}`}>
                    {check.ok ? 'Passed' : 'Failed'}
                  </span>
                </td>
                <td data-label="Detail" className="detail">
                  {check.detail}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h3>Lines</h3>
      <div className="table-wrap">
        <table className="stack">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Amount</th>
              <th scope="col">Rate</th>
              <th scope="col">Commission</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {(attribution?.lines ?? order.lines.map((line) => ({ ...line, outcome: '' }))).map(
              (line, index) => (
                <tr key={`${line.productId}-${index}`}>
                  <th scope="row" className="mono">
                    {line.productId}
                  </th>
                  <td data-label="Amount">{money(line.amountCents, currency)}</td>
                  <td data-label="Rate">{'rateBps' in line ? bps(line.rateBps) : '—'}</td>
                  <td data-label="Commission">
                    {'commissionCents' in line ? money(line.commissionCents, currency) : '—'}
                  </td>
                  <td data-label="Outcome">
                    {line.outcome ? (OUTCOMES[line.outcome] ?? line.outcome) : 'Not attributed'}
                  </td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      </div>

      {explained.data.refunds.length > 0 && (
        <>
          <h3>Refunds</h3>
          <ul>
            {explained.data.refunds.map((refund) => (
              <li key={refund.refundId}>
                <Time at={refund.refundedAt} />: <span className="mono">{refund.refundId}</span>
                {refund.amountCents !== undefined && `, ${money(refund.amountCents, currency)}`}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
};

/** The cookie window before the payment as a line; each click a mark on it, and the same as a list. */
const Timeline = ({
  clicks,
  nameOf,
}: {
  clicks: OrderClicks;
  nameOf: (affiliateId: string) => string;
}) => {
  if (clicks.clicks.length === 0)
    return <p className="muted">No click is known for this order&rsquo;s visitor.</p>;
  const start = Math.min(
    Date.parse(clicks.windowStart),
    ...clicks.clicks.map((c) => Date.parse(c.occurredAt)),
  );
  const end = Math.max(
    Date.parse(clicks.paidAt),
    ...clicks.clicks.map((c) => Date.parse(c.occurredAt)),
  );
  const at = (instant: string) =>
    `${end === start ? 100 : ((Date.parse(instant) - start) / (end - start)) * 100}%`;
  return (
    <>
      <div className="timeline" aria-hidden="true">
        <div
          className="timeline-window"
          style={{ left: at(clicks.windowStart), right: `calc(100% - ${at(clicks.paidAt)})` }}
        />
        {clicks.clicks.map((click) => (
          <span
            key={click.clickId}
            className={`timeline-click ${click.verdict}`}
            style={{ left: at(click.occurredAt) }}
            title={`${nameOf(click.affiliateId)}: ${VERDICTS[click.verdict].label}`}
          />
        ))}
        <span className="timeline-paid" style={{ left: at(clicks.paidAt) }} />
      </div>
      <p className="hint">
        The shaded band is the {clicks.cookieWindowDays}-day cookie window before the payment (the
        line at its end).
      </p>
      <ol className="clicks">
        {clicks.clicks.map((click) => (
          <li key={click.clickId}>
            <Time at={click.occurredAt} /> — <strong>{nameOf(click.affiliateId)}</strong>,{' '}
            {click.linkKind} link
            {click.campaign && `, campaign ${click.campaign}`}
            {click.named && ' (the click the order names)'}{' '}
            <span className={`badge ${VERDICTS[click.verdict].badge}`}>
              {VERDICTS[click.verdict].label}
            </span>
          </li>
        ))}
        <li>
          <Time at={clicks.paidAt} /> — <strong>Paid</strong>
        </li>
      </ol>
    </>
  );
};
