import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api';
import { Failure, Loading, money, Time } from '../format';
import type { Commission } from '../types';

const STATUS: Record<Commission['status'], string> = {
  pending: 'Pending (in the hold)',
  due: 'Due',
  paid: 'Paid',
  reversed: 'Reversed',
};
const REASON: Record<string, string> = {
  refund: 'the order was refunded',
  dispute_lost: 'the buyer won a card dispute',
  reattribution: 'the order was re-attributed under corrected rules',
};
const PAGE_SIZE = 20;

export const CommissionsPage = () => {
  const [status, setStatus] = useState('');
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const page = useQuery({
    queryKey: ['commissions', status, cursor],
    queryFn: () => {
      const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (status) params.set('status', status);
      if (cursor) params.set('cursor', cursor);
      return api<{ items: Commission[]; nextCursor: string | null }>(
        `/v1/me/commissions?${params}`,
      );
    },
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <h1 tabIndex={-1}>Commissions</h1>
      <div className="row">
        <div className="field">
          <label htmlFor="status">Status</label>
          <select
            id="status"
            value={status}
            onChange={(event) => {
              setStatus(event.target.value);
              setCursors([]);
            }}
          >
            <option value="">All</option>
            <option value="pending">Pending</option>
            <option value="due">Due</option>
            <option value="paid">Paid</option>
            <option value="reversed">Reversed</option>
          </select>
        </div>
      </div>
      {page.isPending && <Loading what="your commissions" />}
      {page.isError && <Failure error={page.error} />}
      {page.data && page.data.items.length === 0 && (
        <p className="muted">
          No commissions {status ? `with this status ` : ''}yet. A commission appears here when
          someone buys through your link.
        </p>
      )}
      {page.data && page.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Your commissions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Order date</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Due date</th>
                <th scope="col">Reversals</th>
              </tr>
            </thead>
            <tbody>
              {page.data.items.map((commission) => (
                <tr key={commission.commissionId}>
                  <th scope="row">
                    <code>{commission.orderId}</code>
                  </th>
                  <td>
                    <Time at={commission.earnedAt} dateOnly />
                  </td>
                  <td>{money(commission.amountCents, commission.currency)}</td>
                  <td>{STATUS[commission.status] ?? commission.status}</td>
                  <td>
                    <Time at={commission.dueAt} dateOnly />
                  </td>
                  <td>
                    {commission.reversals?.length
                      ? commission.reversals.map((reversal, i) => (
                          <span key={i} className="block">
                            {money(reversal.amountCents, commission.currency)} taken back:{' '}
                            {REASON[reversal.reason] ?? reversal.reason}
                          </span>
                        ))
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="row pager">
        <button
          type="button"
          disabled={cursors.length === 0}
          onClick={() => setCursors(cursors.slice(0, -1))}
        >
          Previous page
        </button>
        <button
          type="button"
          disabled={!page.data?.nextCursor}
          onClick={() => page.data?.nextCursor && setCursors([...cursors, page.data.nextCursor])}
        >
          Next page
        </button>
      </div>
    </>
  );
};
