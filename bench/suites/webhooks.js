'use strict';
/**
 * 7. Outbound webhooks: deliveries per second from the service to a local receiver (node:http on
 * 127.0.0.1, answering 200 at once), against a bare loop of Node's fetch posting the same number of
 * signed bodies to the same receiver with the same concurrency, in the same run.
 *
 * Each round seeds a fresh SQLite log with an endpoint and N commissions (as the ledger records them),
 * then starts the service (api + worker in one process): the worker schedules every delivery
 * (WebhookDeliveryScheduled), posts it, and records it (WebhookDelivered). The rate is N over the time
 * between the first and the last request the receiver got, for both sides alike.
 */
const { createServer } = require('node:http');
const { mkdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const {
  alternate,
  dist,
  fmt,
  median,
  medianRatio,
  row,
  runSuite,
  workDir,
  sleep,
} = require('../lib/common');
const { startApp } = require('../lib/app');
const { runChild } = require('../lib/child');

const CONCURRENCY = 8;
const WEBHOOK_KEY = 'bench-webhook-key-0123456789abcdef';

/** Counts requests; `window` is the time from the first to the `expected`-th. */
const startReceiver = async () => {
  let expected = Infinity;
  let first = 0;
  let last = 0;
  let received = 0;
  let reached = () => {};
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const now = performance.now();
      if (received === 0) first = now;
      received += 1;
      last = now;
      response.writeHead(200, { 'content-length': '2' }).end('ok');
      if (received === expected) reached();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    /** Resolves with the rate once `count` requests arrived (from now on). */
    expect(count, timeoutMs) {
      received = 0;
      expected = count;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`only ${received} of ${count} requests within ${timeoutMs} ms`)),
          timeoutMs,
        );
        reached = () => {
          clearTimeout(timer);
          const seconds = (last - first) / 1000;
          resolve({ deliveries: count, seconds: Number(seconds.toFixed(3)), rps: count / seconds });
        };
      });
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
};

/** A log holding one endpoint and then `count` commissions of 20 affiliates. */
const seedLog = async (eventStoreUrl, receiverUrl, count) => {
  const { createEventStore, eventId } = dist('event-store');
  const { SecretBox } = dist('application');
  const store = await createEventStore(eventStoreUrl);
  const webhookId = 'we_00000000bench001';
  await store.appendToStream('webhooks', [
    {
      id: eventId('bench', webhookId),
      type: 'WebhookEndpointRegistered',
      data: {
        webhookId,
        url: receiverUrl,
        events: ['*'],
        secretSealed: new SecretBox(WEBHOOK_KEY).seal('whsec_bench'),
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    },
  ]);
  for (let i = 0; i < count; i += 500) {
    const batch = Array.from({ length: Math.min(500, count - i) }, (_, k) => {
      const n = i + k;
      const affiliateId = `aff_${String(n % 20).padStart(16, '0')}`;
      return {
        id: eventId('bench-commission', String(n)),
        type: 'CommissionEarned',
        data: {
          commissionId: `ord-${n}`,
          affiliateId,
          orderId: `ord-${n}`,
          clickId: `click-${n}`,
          rulesVersion: 1,
          amountCents: 100 + (n % 900),
          currency: 'USD',
          lines: [
            {
              productId: 'mug',
              amountCents: 1000 + (n % 9000),
              rateBps: 1000,
              commissionCents: 100 + (n % 900),
              outcome: 'earns',
            },
          ],
          earnedAt: '2026-01-01T00:00:00.000Z',
          dueAt: '2026-01-31T00:00:00.000Z',
        },
      };
    });
    await store.appendToStream(`bench-ledger-${i}`, batch);
  }
  await store.close();
};

runSuite('webhooks', async ({ quick, log }) => {
  const rounds = quick ? 3 : 5;
  const count = quick ? 2000 : 5000;
  const receiver = await startReceiver();
  const dir = workDir('webhooks');
  try {
    const service = async (round) => {
      const roundDir = join(dir, `round-${round}-${Date.now()}`);
      mkdirSync(roundDir, { recursive: true });
      const eventStoreUrl = `sqlite:${join(roundDir, 'events.db')}`;
      await seedLog(eventStoreUrl, receiver.url, count);
      const measured = receiver.expect(count, 300_000);
      const app = await startApp({
        env: {
          EVENT_STORE_URL: eventStoreUrl,
          DATA_DIR: roundDir,
          WEBHOOK_KEY,
          WEBHOOK_CONCURRENCY: String(CONCURRENCY),
        },
      });
      try {
        return await measured;
      } finally {
        await sleep(200); // the last WebhookDelivered is appended
        await app.stop();
        rmSync(roundDir, { recursive: true, force: true });
      }
    };
    const bare = async () => {
      const measured = receiver.expect(count, 300_000);
      await runChild(join(__dirname, '..', 'lib', 'webhook-client.js'), [
        receiver.url,
        String(count),
        String(CONCURRENCY),
      ]);
      return measured;
    };
    const results = await alternate(rounds, { service, bare }, log);
    return [
      row({
        id: 'webhooks',
        figure: `Webhook deliveries to a local receiver (${fmt(count)} commissions, ${CONCURRENCY} in flight, each scheduled, signed, posted and recorded in the log): ${fmt(median(results.service.map((r) => r.rps)))} deliveries/s`,
        yardstick: `bare fetch loop, same receiver, same signing and concurrency: ${fmt(median(results.bare.map((r) => r.rps)))} req/s`,
        ratio: medianRatio(results.service, results.bare, (r) => r.rps),
        target: 0.4,
        note: `${rounds} rounds × ${fmt(count)} deliveries each side; service rate from the receiver's first to last request (boot excluded), SQLite log, api + worker in one process`,
      }),
    ];
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
