import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { FormError } from '../../field';
import { Failure, Loading, money, Time } from '../../format';
import type { Page, Payout, PayoutAttention, PayoutForReview, PayoutReview } from '../types';

const METHODS: Record<Payout['method'], string> = {
  paypal: 'PayPal',
  stripe_connect: 'Stripe Connect',
};

const HINTS: Record<string, string> = {
  new_account: 'New account',
  payout_account_changed: 'Payout account changed',
  self_referral: 'Self-referral',
  fast_orders: 'Fast orders',
};

const KEYS = ['payout-review', 'payout-attention', 'payouts-recent'];

/** One mutation per action; a refusal is shown where it was asked for and changes nothing. */
const useDecision = (onDone: (message: string) => void) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (decision: { payoutId: string; action: string; body?: unknown }) =>
      api<{ status: string }>(`/v1/admin/payouts/${decision.payoutId}/${decision.action}`, {
        method: 'POST',
        ...(decision.body ? { body: decision.body } : {}),
      }),
    onSuccess: async (answer, decision) => {
      onDone(`Payout ${decision.payoutId} ${answer.status}.`);
      await Promise.all(KEYS.map((key) => client.invalidateQueries({ queryKey: [key] })));
    },
  });
};

const errorOf = (error: unknown) => (error instanceof ApiError ? error.message : undefined);

const QueueRow = ({ payout, onDone }: { payout: PayoutForReview; onDone: (m: string) => void }) => {
  const decide = useDecision(onDone);
  const [rejecting, setRejecting] = useState(false);
  const { affiliate } = payout;
  const reject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    decide.mutate({ payoutId: payout.payoutId, action: 'reject', body: { reason } });
  };
  const reasonId = `reason-${payout.payoutId}`;
  return (
    <tr>
      <th scope="row">
        {affiliate.name} <span className="muted">({affiliate.refCode || payout.affiliateId})</span>
        <br />
        <span className="mono hint">{payout.payoutId}</span>
      </th>
      <td data-label="Amount">{money(payout.amountCents, payout.currency)}</td>
      <td data-label="Method">{METHODS[payout.method] ?? payout.method}</td>
      <td data-label="Requested">
        <Time at={payout.requestedAt} />
      </td>
      <td data-label="History">
        Earned {money(affiliate.earnedCents - affiliate.reversedCents, payout.currency)}
        <br />
        Paid before {money(affiliate.paidCents, payout.currency)} ({affiliate.payoutsSent})
      </td>
      <td data-label="Risk hints">
        {payout.hints.length === 0 ? (
          <span className="muted">None</span>
        ) : (
          <ul className="changes">
            {payout.hints.map((hint) => (
              <li key={hint.code}>
                <span className="badge warn">{HINTS[hint.code] ?? hint.code}</span> {hint.detail}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <div className="row">
          <button
            type="button"
            disabled={decide.isPending}
            onClick={() => decide.mutate({ payoutId: payout.payoutId, action: 'approve' })}
          >
            Approve
          </button>
          <button
            type="button"
            className="secondary"
            aria-expanded={rejecting}
            onClick={() => setRejecting(!rejecting)}
          >
            Reject
          </button>
        </div>
        {rejecting && (
          <form onSubmit={reject} noValidate>
            <label htmlFor={reasonId}>Reason</label>
            <input id={reasonId} name="reason" required maxLength={500} />
            <p className="hint">The affiliate sees it; the amount returns to due.</p>
            <button type="submit" className="danger" disabled={decide.isPending}>
              Reject payout
            </button>
          </form>
        )}
        <FormError error={errorOf(decide.error)} />
      </td>
    </tr>
  );
};

const AttentionRow = ({
  payout,
  currency,
  onDone,
}: {
  payout: PayoutAttention;
  currency: string;
  onDone: (m: string) => void;
}) => {
  const decide = useDecision(onDone);
  const [cancelling, setCancelling] = useState(false);
  const cancel = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    decide.mutate({
      payoutId: payout.payoutId,
      action: 'cancel',
      body: {
        reason: String(form.get('reason') ?? '').trim(),
        providerChecked: form.get('checked') === 'on',
      },
    });
  };
  const id = `cancel-${payout.payoutId}`;
  return (
    <tr>
      <th scope="row">
        <span className="mono">{payout.payoutId}</span>
        {payout.status && (
          <>
            {' '}
            <span className="badge">{payout.status}</span>
          </>
        )}
      </th>
      <td data-label="Amount">{money(payout.amountCents, payout.currency ?? currency)}</td>
      <td data-label="Provider's last answer">
        <span className="badge bad">{payout.providerAnswer?.code ?? payout.code}</span>{' '}
        {payout.providerAnswer?.message ?? payout.message}
        {payout.providerAnswer && (
          <>
            {' '}
            <span className="hint">
              (<Time at={payout.providerAnswer.at} />)
            </span>
          </>
        )}
        {payout.providerRef && (
          <>
            <br />
            Provider reference <span className="mono">{payout.providerRef}</span>
          </>
        )}
      </td>
      <td data-label="Since">
        <Time at={payout.since} />
        <br />
        {payout.attempts} attempt(s); next <Time at={payout.nextAttemptAt} />
      </td>
      <td>
        <button
          type="button"
          className="secondary"
          aria-expanded={cancelling}
          onClick={() => setCancelling(!cancelling)}
        >
          Cancel
        </button>
        {cancelling && (
          <form onSubmit={cancel} noValidate>
            <label htmlFor={`${id}-reason`}>Reason</label>
            <input id={`${id}-reason`} name="reason" required maxLength={500} />
            <label className="check">
              <input type="checkbox" name="checked" /> I checked with the provider that nothing was
              paid
            </label>
            <button type="submit" className="danger" disabled={decide.isPending}>
              Cancel payout
            </button>
          </form>
        )}
        <FormError error={errorOf(decide.error)} />
      </td>
    </tr>
  );
};

/** The approval queue, the attention list and the latest payouts, refreshed while the page is open. */
export const PayoutsPage = () => {
  const [notice, setNotice] = useState('');
  const review = useQuery({
    queryKey: ['payout-review'],
    queryFn: () => api<PayoutReview>('/v1/console/payouts/review'),
    // Each read replays the log: poll gently; a decision made here refreshes it at once.
    refetchInterval: 15_000,
  });
  const attention = useQuery({
    queryKey: ['payout-attention'],
    queryFn: () => api<PayoutAttention[]>('/v1/admin/payouts/attention'),
    refetchInterval: 5_000,
  });
  const recent = useQuery({
    queryKey: ['payouts-recent'],
    queryFn: () => api<Page<Payout>>('/v1/admin/payouts?limit=20'),
    refetchInterval: 2_000,
  });
  const currency = recent.data?.items[0]?.currency ?? review.data?.payouts[0]?.currency ?? 'USD';
  const median = review.data?.programMedianClickToOrderSeconds;

  return (
    <>
      <h1 tabIndex={-1}>Payouts</h1>
      <p role="status" className="notice">
        {notice}
      </p>

      <h2>Waiting for approval</h2>
      {review.isPending ? (
        <Loading what="the approval queue" />
      ) : review.isError ? (
        <Failure error={review.error} />
      ) : review.data.payouts.length === 0 ? (
        <p className="muted">No payout waits for approval.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">Payouts waiting for approval</caption>
            <thead>
              <tr>
                <th scope="col">Affiliate</th>
                <th scope="col">Amount</th>
                <th scope="col">Method</th>
                <th scope="col">Requested</th>
                <th scope="col">History</th>
                <th scope="col">Risk hints</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {review.data.payouts.map((payout) => (
                <QueueRow key={payout.payoutId} payout={payout} onDone={setNotice} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {median !== null && median !== undefined && (
        <p className="hint">
          The program&apos;s median time from click to order: {Math.round(median)} s.
        </p>
      )}

      <h2>Needs attention</h2>
      {attention.isPending ? (
        <Loading what="the attention list" />
      ) : attention.isError ? (
        <Failure error={attention.error} />
      ) : attention.data.length === 0 ? (
        <p className="muted">No payout needs attention.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">Payouts that need attention</caption>
            <thead>
              <tr>
                <th scope="col">Payout</th>
                <th scope="col">Amount</th>
                <th scope="col">Provider&apos;s last answer</th>
                <th scope="col">Since</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {attention.data.map((payout) => (
                <AttentionRow
                  key={payout.payoutId}
                  payout={payout}
                  currency={currency}
                  onDone={setNotice}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Latest payouts</h2>
      {recent.isPending ? (
        <Loading what="the payouts" />
      ) : recent.isError ? (
        <Failure error={recent.error} />
      ) : recent.data.items.length === 0 ? (
        <p className="muted">No payout yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">The latest payouts</caption>
            <thead>
              <tr>
                <th scope="col">Payout</th>
                <th scope="col">Amount</th>
                <th scope="col">Method</th>
                <th scope="col">Status</th>
                <th scope="col">Provider reference or reason</th>
              </tr>
            </thead>
            <tbody>
              {recent.data.items.map((payout) => (
                <tr key={payout.payoutId}>
                  <th scope="row">
                    <span className="mono">{payout.payoutId}</span>
                  </th>
                  <td data-label="Amount">{money(payout.amountCents, payout.currency)}</td>
                  <td data-label="Method">{METHODS[payout.method] ?? payout.method}</td>
                  <td data-label="Status">
                    <span className="badge">{payout.status}</span>
                  </td>
                  <td data-label="Provider">
                    {payout.providerRef ? (
                      <span className="mono">{payout.providerRef}</span>
                    ) : (
                      (payout.failureReason ?? '—')
                    )}
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
