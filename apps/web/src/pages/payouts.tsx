import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { days, Failure, Loading, money, Time } from '../format';
import { useProgram } from '../layout';
import type { Dashboard, Payout } from '../types';

const STATUS: Record<Payout['status'], string> = {
  requested: 'Requested — waiting for approval',
  approved: 'Approved — being sent',
  sent: 'Sent',
  failed: 'Failed — back in your due balance',
  rejected: 'Rejected — back in your due balance',
};
const METHOD = { paypal: 'PayPal', stripe_connect: 'Stripe' };

/** One Idempotency-Key per intended payout: a double click asks once. (`crypto.randomUUID` needs https.) */
const newKey = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');

export const PayoutsPage = () => {
  const client = useQueryClient();
  const program = useProgram();
  const payouts = useQuery({
    queryKey: ['payouts'],
    queryFn: () => api<Payout[]>('/v1/me/payouts'),
    refetchInterval: 5_000,
  });
  const dashboard = useQuery({
    queryKey: ['dashboard', 'balance'],
    queryFn: () => api<Dashboard>('/v1/me/dashboard'),
    refetchInterval: 5_000,
  });
  const [key, setKey] = useState(newKey);
  const request = useMutation({
    mutationFn: () =>
      api<Payout>('/v1/me/payouts', { method: 'POST', headers: { 'idempotency-key': key } }),
    onSuccess: () => {
      setKey(newKey());
      void client.invalidateQueries({ queryKey: ['payouts'] });
      void client.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
  const currency = program.data?.currency ?? dashboard.data?.currency ?? 'USD';
  const due = dashboard.data?.balance.dueCents;

  return (
    <>
      <h1 tabIndex={-1}>Payouts</h1>
      <section aria-labelledby="request" className="panel">
        <h2 id="request">Request a payout</h2>
        {dashboard.isPending || program.isPending ? (
          <Loading what="your balance" />
        ) : (
          <dl className="cards">
            <div>
              <dt>Due now</dt>
              <dd>{due === undefined ? '—' : money(due, currency)}</dd>
            </div>
            <div>
              <dt>Payout minimum</dt>
              <dd>{program.data ? money(program.data.minPayoutCents, currency) : '—'}</dd>
            </div>
          </dl>
        )}
        <p className="muted">
          A payout asks for your whole due balance. Commissions become due{' '}
          {program.data ? days(program.data.holdDays) : '…'} after the order (the refund hold).
        </p>
        <button type="button" onClick={() => request.mutate()} disabled={request.isPending}>
          {request.isPending ? 'Requesting…' : 'Request payout'}
        </button>
        {request.isError && (
          <p className="error" role="alert">
            {request.error instanceof ApiError
              ? request.error.message
              : 'The payout could not be requested.'}
          </p>
        )}
        {request.isSuccess && (
          <p role="status" className="notice">
            Payout of {money(request.data.amountCents, currency)} requested.
          </p>
        )}
      </section>
      <section aria-labelledby="history">
        <h2 id="history">History</h2>
        {payouts.isPending && <Loading what="your payouts" />}
        {payouts.isError && <Failure error={payouts.error} />}
        {payouts.data?.length === 0 && <p className="muted">No payouts yet.</p>}
        {payouts.data && payouts.data.length > 0 && (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Requested</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Method</th>
                  <th scope="col">Status</th>
                  <th scope="col">Sent</th>
                  <th scope="col">Provider reference</th>
                  <th scope="col">Failure reason</th>
                </tr>
              </thead>
              <tbody>
                {payouts.data.map((payout) => (
                  <tr key={payout.payoutId}>
                    <th scope="row">
                      <Time at={payout.requestedAt} />
                    </th>
                    <td>{money(payout.amountCents, payout.currency ?? currency)}</td>
                    <td>{METHOD[payout.method] ?? payout.method}</td>
                    <td>{STATUS[payout.status] ?? payout.status}</td>
                    <td>{payout.sentAt ? <Time at={payout.sentAt} /> : '—'}</td>
                    <td>{payout.providerRef ? <code>{payout.providerRef}</code> : '—'}</td>
                    <td>{payout.failureReason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
};
