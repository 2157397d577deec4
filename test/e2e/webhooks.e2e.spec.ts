import { publicEventId } from '@threadtrak/application';
import type { RecordedEvent } from '@threadtrak/event-store';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebhookReceiver } from '../../libs/application/testing/webhook-receiver';
import { BROWSER, startTestApp, type TestApp } from './harness';

/** The ten lines docs/webhooks.md gives receivers, taken from the page itself. */
const verifierFromDocs = (): ((rawBody: string, header: string, secret: string) => boolean) => {
  const page = readFileSync(join(__dirname, '../../docs/webhooks.md'), 'utf8');
  const block =
    /<!-- verify-snippet:start -->\s*```js\n([\s\S]*?)```\s*<!-- verify-snippet:end -->/.exec(
      page,
    )?.[1];
  if (!block) throw new Error('docs/webhooks.md has no verify snippet');
  return new Function('require', `${block}\nreturn verifyThreadTrak;`)(require);
};

const REPORTED = new Set([
  'OrderPaid',
  'CommissionEarned',
  'CommissionReversed',
  'CommissionDue',
  'PayoutRequested',
  'PayoutApproved',
  'PayoutSent',
  'PayoutFailed',
  'PayoutRejected',
]);

describe('outbound webhooks to a receiver that fails, then hangs, then recovers', () => {
  let app: TestApp;
  let receiver: WebhookReceiver;
  let narrow: WebhookReceiver;
  jest.setTimeout(90_000);

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    narrow = await WebhookReceiver.start();
    app = await startTestApp(
      { WEBHOOK_BACKOFF_BASE_MS: '100', WEBHOOK_TIMEOUT_MS: '400' },
      '2026-05-01T10:00:00.000Z',
    );
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await narrow?.close();
  });

  const reportedIds = async (): Promise<string[]> => {
    const ids: string[] = [];
    for await (const event of app.store.readAll() as AsyncIterable<RecordedEvent>) {
      if (!REPORTED.has(event.type)) continue;
      if (event.type === 'OrderPaid' && !(event.data as { attribution: unknown }).attribution)
        continue;
      ids.push(publicEventId(event.id));
    }
    return ids;
  };

  it('refuses endpoints it could not deliver to, and events it does not know, changing nothing', async () => {
    const refusals = [
      { url: 'ftp://127.0.0.1/hook', events: ['*'] },
      { url: 'not a url', events: ['*'] },
      { url: receiver.url, events: ['commission.paid'] },
      { url: receiver.url, events: [] },
      { url: receiver.url, events: ['*', 'payout.sent'] },
      { url: receiver.url },
    ];
    for (const body of refusals) {
      const answer = await app.call('POST', '/v1/admin/webhooks', { body });
      expect([answer.status, answer.body.error?.code]).toEqual([400, 'validation_failed']);
    }
    expect(
      (
        await app.call('POST', '/v1/admin/webhooks', {
          body: { url: receiver.url, events: ['*'] },
          token: null,
        })
      ).status,
    ).toBe(401);
    expect((await app.call('GET', '/v1/admin/webhooks')).body).toEqual({ webhooks: [] });
  });

  it('delivers every event signed, with the same id on every attempt; lists the attempts; redelivers one', async () => {
    receiver.decide = (_, nth) => (nth === 1 ? 'fail' : nth === 2 ? 'hang' : 'ok');
    const all = await app.call('POST', '/v1/admin/webhooks', {
      body: { url: receiver.url, events: ['*'] },
    });
    expect(all.status).toBe(201);
    expect(all.body).toEqual({
      webhookId: expect.stringMatching(/^we_[0-9a-f]{16}$/),
      secret: expect.stringMatching(/^whsec_/),
    });
    const onlyDue = (
      await app.call('POST', '/v1/admin/webhooks', {
        body: { url: narrow.url, events: ['commission.due'] },
      })
    ).body;
    const listed = (await app.call('GET', '/v1/admin/webhooks')).body.webhooks;
    expect(listed).toEqual([
      {
        webhookId: all.body.webhookId,
        url: receiver.url,
        events: ['*'],
        createdAt: '2026-05-01T10:00:00.000Z',
      },
      {
        webhookId: onlyDue.webhookId,
        url: narrow.url,
        events: ['commission.due'],
        createdAt: '2026-05-01T10:00:00.000Z',
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(all.body.secret);
    expect(readFileSync(join(app.dir, 'events.db')).includes(Buffer.from(all.body.secret))).toBe(
      false,
    );

    await app.call('PUT', '/v1/admin/rules', { body: { holdDays: 30, defaultRateBps: 1000 } });
    await app.call('PUT', '/v1/admin/products/desk', {
      body: { name: 'Desk', url: 'https://shop.test/desk', eligible: true },
    });
    const jane = (
      await app.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    for (const [method, path] of [
      ['POST', '/v1/admin/webhooks'],
      ['GET', '/v1/admin/webhooks'],
      ['DELETE', `/v1/admin/webhooks/${all.body.webhookId}`],
      ['GET', `/v1/admin/webhooks/${all.body.webhookId}/deliveries`],
    ]) {
      expect([
        method,
        path,
        (
          await app.call(method!, path!, {
            token: jane.apiKey,
            ...(method === 'POST' ? { body: { url: receiver.url, events: ['*'] } } : {}),
          })
        ).status,
      ]).toEqual([method, path, 403]);
    }
    const click = await fetch(`${app.baseUrl}/r/jane/p/desk`, {
      redirect: 'manual',
      headers: BROWSER,
    });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    for (const orderId of ['desk-1', 'desk-2']) {
      await app.call('POST', '/v1/orders', {
        body: {
          orderId,
          paidAt: '2026-05-01T10:00:00Z',
          currency: 'USD',
          clickId,
          lines: [{ productId: 'desk', quantity: 1, amountCents: 60000 }],
        },
      });
    }
    await app.call('POST', '/v1/orders/desk-1/refunds', {
      body: { refundId: 'r-1', refundedAt: '2026-05-02T10:00:00Z', amountCents: 30000 },
    });
    await app.waitFor(
      async () => (await reportedIds()).length === 5,
      'two orders, two commissions, one reversal',
    );
    // Acknowledged before the clock moves on: a month later their 72-hour retry window would be over.
    await app.waitFor(
      async () => receiver.acknowledged().size === 5,
      'the first five events to be acknowledged',
      30_000,
    );
    app.setNow('2026-06-01T10:00:00Z'); // the hold ends: commission.due
    await app.waitFor(async () => (await reportedIds()).length === 7, 'two commissions due');

    const expected = await reportedIds();
    await app.waitFor(
      async () =>
        expected.every((id) => receiver.acknowledged().has(id)) && narrow.acknowledged().size === 2,
      'every event to be acknowledged',
      30_000,
    );

    const verify = verifierFromDocs();
    for (const id of expected) {
      const requests = receiver.received.filter((r) => r.eventId === id);
      expect(requests.map((r) => r.answer)).toEqual(['fail', 'hang', 'ok']);
      expect(requests.map((r) => r.attempt)).toEqual([1, 2, 3]);
      expect(new Set(requests.map((r) => r.body)).size).toBe(1);
      for (const request of requests)
        expect(verify(request.body, request.signature, all.body.secret)).toBe(true);
      expect(
        verify(
          requests[0]!.body.replace('"evt_', '"evt_x'),
          requests[0]!.signature,
          all.body.secret,
        ),
      ).toBe(false);
    }
    expect(new Set(receiver.received.map((r) => JSON.parse(r.body).type))).toEqual(
      new Set(['order.attributed', 'commission.earned', 'commission.reversed', 'commission.due']),
    );
    expect(narrow.received.every((r) => r.type === 'commission.due')).toBe(true);
    expect(narrow.received.every((r) => verify(r.body, r.signature, onlyDue.secret))).toBe(true);

    const deliveries = (
      await app.call('GET', `/v1/admin/webhooks/${all.body.webhookId}/deliveries`)
    ).body.deliveries;
    expect(deliveries).toHaveLength(7);
    expect(new Set(deliveries.map((d: { eventId: string }) => d.eventId))).toEqual(
      new Set(expected),
    );
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: 'delivered', nextAttemptAt: null });
      expect(delivery.attempts).toEqual([
        expect.objectContaining({ attempt: 1, responseStatus: 500, error: 'HTTP 500' }),
        expect.objectContaining({
          attempt: 2,
          responseStatus: null,
          error: 'no answer within 400 ms',
        }),
        expect.objectContaining({ attempt: 3, responseStatus: 200, error: null }),
      ]);
    }

    const earned = deliveries.find((d: { type: string }) => d.type === 'commission.earned');
    const again = await app.call(
      'POST',
      `/v1/admin/webhooks/${all.body.webhookId}/deliveries/${earned.deliveryId}/redeliver`,
    );
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({
      deliveryId: earned.deliveryId,
      eventId: earned.eventId,
      status: 'pending',
    });
    await app.waitFor(async () => receiver.timesSeen.get(earned.eventId) === 4, 'the redelivery');
    const redelivered = receiver.received.filter((r) => r.eventId === earned.eventId);
    expect(redelivered[3]).toMatchObject({ answer: 'ok', attempt: 4, body: redelivered[0]!.body });
    await app.waitFor(async () => {
      const after = (await app.call('GET', `/v1/admin/webhooks/${all.body.webhookId}/deliveries`))
        .body.deliveries;
      const one = after.find((d: { deliveryId: string }) => d.deliveryId === earned.deliveryId);
      return one.status === 'delivered' && one.attempts.length === 4;
    }, 'the redelivery to be listed');
    expect(
      (
        await app.call(
          'POST',
          `/v1/admin/webhooks/${all.body.webhookId}/deliveries/whd_000000000000000000000000/redeliver`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await app.call('GET', '/v1/admin/webhooks/we_0000000000000000/deliveries')).status,
    ).toBe(404);
  });

  it('a receiver that never answers 2xx is retried until 72 hours have passed, then the delivery is failed', async () => {
    const broken = await WebhookReceiver.start();
    broken.decide = () => 'fail';
    try {
      const endpoint = (
        await app.call('POST', '/v1/admin/webhooks', {
          body: { url: broken.url, events: ['order.attributed'] },
        })
      ).body;
      const click = await fetch(`${app.baseUrl}/r/jane/p/desk`, {
        redirect: 'manual',
        headers: BROWSER,
      });
      const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
      await app.call('POST', '/v1/orders', {
        body: {
          orderId: 'desk-3',
          paidAt: '2026-06-01T10:00:00Z',
          currency: 'USD',
          clickId,
          lines: [{ productId: 'desk', quantity: 1, amountCents: 1000 }],
        },
      });
      await app.waitFor(async () => broken.received.length >= 3, 'a few attempts');
      const pending = (await app.call('GET', `/v1/admin/webhooks/${endpoint.webhookId}/deliveries`))
        .body.deliveries[0];
      expect(pending).toMatchObject({ status: 'pending', nextAttemptAt: expect.any(String) });

      app.setNow('2026-06-04T10:00:01Z'); // 72 hours and a second after it was scheduled
      const failed = await app.waitFor(async () => {
        const [delivery] = (
          await app.call('GET', `/v1/admin/webhooks/${endpoint.webhookId}/deliveries`)
        ).body.deliveries;
        return delivery.status === 'failed' && delivery;
      }, 'the delivery to be failed');
      expect(failed.nextAttemptAt).toBeNull();
      expect(failed.attempts.at(-1)).toMatchObject({
        attemptedAt: '2026-06-04T10:00:01.000Z',
        responseStatus: 500,
      });
      const attempts = broken.received.length;
      await new Promise((r) => setTimeout(r, 500));
      expect(broken.received.length).toBe(attempts);

      expect((await app.call('DELETE', `/v1/admin/webhooks/${endpoint.webhookId}`)).body).toEqual({
        webhookId: endpoint.webhookId,
        deleted: true,
      });
      expect((await app.call('DELETE', `/v1/admin/webhooks/${endpoint.webhookId}`)).status).toBe(
        404,
      );
      expect(
        (await app.call('GET', '/v1/admin/webhooks')).body.webhooks.map(
          (w: { webhookId: string }) => w.webhookId,
        ),
      ).not.toContain(endpoint.webhookId);
    } finally {
      await broken.close();
    }
  });
});
