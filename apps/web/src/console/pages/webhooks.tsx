import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api';
import { Field, FormError } from '../../field';
import { Failure, Loading, Time } from '../../format';
import type { Delivery, Webhook } from '../types';

/** The events an endpoint can ask for (shared/API.md, "Outbound webhooks"). */
const EVENTS = [
  'order.attributed',
  'commission.earned',
  'commission.reversed',
  'commission.due',
  'payout.requested',
  'payout.approved',
  'payout.sent',
  'payout.failed',
  'payout.rejected',
];

const STATUS: Record<string, { label: string; badge: string }> = {
  delivered: { label: 'Delivered', badge: 'good' },
  pending: { label: 'Retrying', badge: 'warn' },
  failed: { label: 'Failed', badge: 'bad' },
};

export const WebhooksPage = () => {
  const client = useQueryClient();
  const webhooks = useQuery({
    queryKey: ['webhooks'],
    queryFn: () => api<{ webhooks: Webhook[] }>('/v1/admin/webhooks'),
  });
  const [url, setUrl] = useState('');
  const [everything, setEverything] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [created, setCreated] = useState<{ webhookId: string; secret: string } | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const register = useMutation({
    mutationFn: () =>
      api<{ webhookId: string; secret: string }>('/v1/admin/webhooks', {
        method: 'POST',
        body: { url: url.trim(), events: everything ? ['*'] : chosen },
      }),
    onSuccess: async (answer) => {
      setCreated(answer);
      setSelected(answer.webhookId);
      setUrl('');
      setNotice('');
      await client.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const remove = useMutation({
    mutationFn: (webhookId: string) => api(`/v1/admin/webhooks/${webhookId}`, { method: 'DELETE' }),
    onSuccess: async (_answer, webhookId) => {
      setRemoving(null);
      if (selected === webhookId) setSelected(null);
      if (created?.webhookId === webhookId) setCreated(null);
      setNotice('Endpoint removed; its pending deliveries are dropped.');
      await client.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };
  const problem = register.error instanceof ApiError ? register.error : null;
  const claimed = problem && (problem.forField('url') || problem.forField('events'));

  return (
    <>
      <h1 tabIndex={-1}>Webhooks</h1>
      <p role="status" className="notice">
        {notice}
      </p>
      <form onSubmit={submit} className="panel" noValidate>
        <h2>Add an endpoint</h2>
        <Field
          label="Endpoint URL"
          type="url"
          value={url}
          placeholder="https://shop.example/hooks/threadtrak"
          hint="http or https; the shop's internal services included."
          onChange={(event) => setUrl(event.target.value)}
          error={problem?.forField('url')}
        />
        <fieldset>
          <legend>Events</legend>
          <label>
            <input
              type="checkbox"
              checked={everything}
              onChange={(event) => setEverything(event.target.checked)}
            />{' '}
            All events
          </label>
          {!everything &&
            EVENTS.map((type) => (
              <label key={type}>
                <input
                  type="checkbox"
                  checked={chosen.includes(type)}
                  onChange={(event) =>
                    setChosen(
                      event.target.checked
                        ? [...chosen, type]
                        : chosen.filter((each) => each !== type),
                    )
                  }
                />{' '}
                <span className="mono">{type}</span>
              </label>
            ))}
          {problem?.forField('events') && (
            <p className="error" role="alert">
              {problem.forField('events')}
            </p>
          )}
        </fieldset>
        {!claimed && <FormError error={register.error?.message} />}
        <button type="submit" disabled={register.isPending}>
          Add endpoint
        </button>
      </form>

      {created && (
        <section aria-labelledby="secret-heading" className="panel explain">
          <h2 id="secret-heading">Signing secret</h2>
          <p>
            Shown once: keep it in the receiver to check the <code>ThreadTrak-Signature</code>{' '}
            header (docs/webhooks.md).
          </p>
          <p className="mono" aria-label="Signing secret">
            {created.secret}
          </p>
          <button
            type="button"
            className="secondary"
            onClick={() => void navigator.clipboard?.writeText(created.secret)}
          >
            Copy secret
          </button>
        </section>
      )}

      <h2>Endpoints</h2>
      {webhooks.isPending ? (
        <Loading what="the endpoints" />
      ) : webhooks.isError ? (
        <Failure error={webhooks.error} />
      ) : webhooks.data.webhooks.length === 0 ? (
        <p className="muted">No endpoint yet: nothing is sent.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Added</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {webhooks.data.webhooks.map((webhook) => (
                <tr key={webhook.webhookId}>
                  <th scope="row" className="mono">
                    {webhook.url}
                  </th>
                  <td data-label="Events">
                    {webhook.events.includes('*') ? 'All' : webhook.events.join(', ')}
                  </td>
                  <td data-label="Added">
                    <Time at={webhook.createdAt} />
                  </td>
                  <td>
                    {removing === webhook.webhookId ? (
                      <span className="row">
                        <button
                          type="button"
                          className="danger"
                          disabled={remove.isPending}
                          onClick={() => remove.mutate(webhook.webhookId)}
                        >
                          Confirm remove
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => setRemoving(null)}
                        >
                          Keep
                        </button>
                      </span>
                    ) : (
                      <span className="row">
                        <button
                          type="button"
                          aria-pressed={selected === webhook.webhookId}
                          onClick={() => setSelected(webhook.webhookId)}
                        >
                          Deliveries
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          onClick={() => setRemoving(webhook.webhookId)}
                        >
                          Remove
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {remove.error && <Failure error={remove.error} />}

      {selected && webhooks.data?.webhooks.some((w) => w.webhookId === selected) && (
        <Deliveries
          webhook={webhooks.data.webhooks.find((w) => w.webhookId === selected)!}
          key={selected}
        />
      )}
    </>
  );
};

/** The endpoint's recent deliveries, refreshed every two seconds so a retry or a redelivery is seen. */
const Deliveries = ({ webhook }: { webhook: Webhook }) => {
  const client = useQueryClient();
  const [notice, setNotice] = useState('');
  const deliveries = useQuery({
    queryKey: ['deliveries', webhook.webhookId],
    queryFn: () =>
      api<{ deliveries: Delivery[] }>(`/v1/admin/webhooks/${webhook.webhookId}/deliveries`),
    refetchInterval: 2000,
  });
  const redeliver = useMutation({
    mutationFn: (delivery: Delivery) =>
      api<Delivery>(
        `/v1/admin/webhooks/${webhook.webhookId}/deliveries/${delivery.deliveryId}/redeliver`,
        { method: 'POST' },
      ),
    onSuccess: async (delivery) => {
      setNotice(`Delivery of ${delivery.type} (${delivery.eventId}) queued again.`);
      await client.invalidateQueries({ queryKey: ['deliveries', webhook.webhookId] });
    },
  });
  return (
    <section aria-labelledby="deliveries-heading" className="panel">
      <h2 id="deliveries-heading">
        Deliveries to <span className="mono">{webhook.url}</span>
      </h2>
      <p role="status" className="notice">
        {notice}
      </p>
      {redeliver.error && <Failure error={redeliver.error} />}
      {deliveries.isPending ? (
        <Loading what="the deliveries" />
      ) : deliveries.isError ? (
        <Failure error={deliveries.error} />
      ) : deliveries.data.deliveries.length === 0 ? (
        <p className="muted">Nothing sent yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="stack">
            <caption className="visually-hidden">Recent deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.deliveries.map((delivery) => {
                const last = delivery.attempts.at(-1);
                const status = STATUS[delivery.status] ?? {
                  label: delivery.status,
                  badge: '',
                };
                return (
                  <tr key={delivery.deliveryId}>
                    <th scope="row">
                      {delivery.type} <span className="mono muted small">{delivery.eventId}</span>
                    </th>
                    <td data-label="Status">
                      <span className={`badge ${status.badge}`}>{status.label}</span>
                    </td>
                    <td data-label="Attempts">{delivery.attempts.length}</td>
                    <td data-label="Last answer">
                      {!last
                        ? '—'
                        : last.error
                          ? last.error
                          : `HTTP ${last.responseStatus} in ${last.durationMs} ms`}
                    </td>
                    <td data-label="Next attempt">
                      {delivery.nextAttemptAt ? <Time at={delivery.nextAttemptAt} /> : '—'}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        disabled={redeliver.isPending}
                        onClick={() => redeliver.mutate(delivery)}
                      >
                        Redeliver
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};
