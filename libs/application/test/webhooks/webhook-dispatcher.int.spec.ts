import { createEventStore, eventId, type EventStore } from '@threadtrak/event-store';
import { ManualClock } from '../../src/clock';
import { LogProcessor } from '../../src/processing';
import { httpSender } from '../../src/webhooks/http-sender';
import { SecretBox } from '../../src/webhooks/secret-box';
import { WebhookDispatcher } from '../../src/webhooks/webhook-dispatcher';
import { WebhookEndpoints } from '../../src/webhooks/webhook-endpoints';
import { WebhookReceiver } from '../../testing/webhook-receiver';

const HOUR = 3600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = async (what: string, probe: () => boolean | Promise<boolean>, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
};

describe('the webhook dispatcher on a real log', () => {
  let store: EventStore;
  let receiver: WebhookReceiver;
  const clock = new ManualClock(new Date('2026-01-10T12:00:00.000Z'));
  const box = new SecretBox('spec-key');
  /** The dispatcher as the worker runs it: from the log, by a LogProcessor. */
  const run = (consumer: WebhookDispatcher) => {
    const processor = new LogProcessor({ store, consumer, flushMs: 0, log: () => {} });
    processor.start();
    return processor;
  };
  const dispatcher = (baseMs = 60_000) =>
    new WebhookDispatcher({
      store,
      clock,
      box,
      send: httpSender(1000),
      schedule: { baseMs, maxMs: 6 * HOUR, windowMs: 72 * HOUR },
      concurrency: 2,
      log: () => {},
    });
  const commission = (n: number) =>
    store.appendToStream(`ledger-aff_${n}`, [
      {
        id: eventId('spec', String(n)),
        type: 'CommissionEarned',
        data: {
          commissionId: `ord-${n}`,
          affiliateId: `aff_${n}`,
          orderId: `ord-${n}`,
          clickId: 'c',
          rulesVersion: 1,
          lines: [],
          amountCents: 100,
          currency: 'USD',
          earnedAt: '2026-01-10T12:00:00.000Z',
          dueAt: '2026-02-09T12:00:00.000Z',
        },
      },
    ]);

  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    await receiver.close();
    await store.close();
  });

  it('a delivery waiting for its next attempt waits the same after a restart, and goes out once the clock gets there', async () => {
    const endpoints = new WebhookEndpoints(store, box, clock);
    const { webhookId } = await endpoints.register(
      { url: receiver.url, events: ['commission.earned'] },
      'admin',
    );
    receiver.decide = (_, nth) => (nth === 1 ? 'fail' : 'ok');
    const first = dispatcher();
    const firstRun = run(first);
    await firstRun.caughtUp();
    await commission(1);
    await until('the first attempt', () => receiver.received.length === 1);
    await until(
      'the attempt to be recorded',
      async () => (await endpoints.deliveries(webhookId, 10))[0]?.attempts.length === 1,
    );
    await firstRun.stop();

    const [pending] = await endpoints.deliveries(webhookId, 10);
    expect(pending).toMatchObject({
      status: 'pending',
      attempts: [{ attempt: 1, responseStatus: 500 }],
    });
    const waitMs = Date.parse(pending!.nextAttemptAt!) - clock.now().getTime();
    expect(waitMs).toBeGreaterThanOrEqual(30_000);

    const second = dispatcher();
    const secondRun = run(second);
    await secondRun.caughtUp();
    expect(second.pendingCount()).toBe(1);
    await sleep(300);
    expect(receiver.received).toHaveLength(1);
    clock.advance(waitMs);
    await until('the retry', () => receiver.received.length === 2);
    await until(
      'the delivery to be recorded',
      async () => (await endpoints.deliveries(webhookId, 10))[0]?.status === 'delivered',
    );
    expect(receiver.received[1]).toMatchObject({
      eventId: receiver.received[0]!.eventId,
      body: receiver.received[0]!.body,
      attempt: 2,
    });
    await secondRun.stop();
  });

  it('a restart after the checkpoint was lost schedules nothing twice and sends nothing delivered again', async () => {
    const endpoints = new WebhookEndpoints(store, box, clock);
    await endpoints.register({ url: receiver.url, events: ['*'] }, 'admin');
    const first = run(dispatcher(50));
    for (let n = 1; n <= 5; n++) await commission(n);
    await until('five deliveries', () => receiver.acknowledged().size === 5);
    await first.stop();

    const forgetful = new WebhookDispatcher({
      store,
      name: 'webhook-deliveries-lost',
      clock,
      box,
      send: httpSender(1000),
      schedule: { baseMs: 50, maxMs: HOUR, windowMs: 72 * HOUR },
      concurrency: 2,
      log: () => {},
    });
    const forgetfulRun = run(forgetful);
    await commission(6);
    await until('the sixth', () => receiver.acknowledged().size === 6);
    await sleep(200);
    await forgetfulRun.stop();
    expect(receiver.received).toHaveLength(6);
    const scheduled: string[] = [];
    for await (const event of store.readAll())
      if (event.type === 'WebhookDeliveryScheduled') scheduled.push(event.id);
    expect(scheduled).toHaveLength(6);
  });

  it('an endpoint registered later gets only what happened after it; a removed one gets nothing more', async () => {
    const endpoints = new WebhookEndpoints(store, box, clock);
    await commission(1);
    const running = run(dispatcher(50));
    await running.caughtUp();
    const { webhookId } = await endpoints.register({ url: receiver.url, events: ['*'] }, 'admin');
    await commission(2);
    await until('the second commission', () => receiver.received.length === 1);
    expect(JSON.parse(receiver.received[0]!.body).data.commissionId).toBe('ord-2');
    await endpoints.remove(webhookId, 'admin');
    await commission(3);
    await sleep(300);
    await running.stop();
    expect(receiver.received).toHaveLength(1);
  });
});
