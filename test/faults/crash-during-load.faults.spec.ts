import { EventLog, loadLedger } from '@threadtrak/application';
import type { RecordedEvent } from '@threadtrak/event-store';
import Database from 'better-sqlite3';
import {
  Deployment,
  rounds,
  seededRandom,
  sleep,
  waitFor,
  ADMIN_TOKEN,
  type ServiceProcess,
} from './support/deployment';
import { Load, redirectLoad } from './support/load';

/**
 * Issue 8, "crash during load": the app is SIGKILLed under a redirect load, and under an order load,
 * restarted, several rounds. What a client was told (a 302 with a click id, a 201/200 with an order
 * answer) is in the log; every event in the log is whole; nothing is there twice.
 */
const ROUNDS = rounds(5);

/** Every event reads back whole: known type, its stream's revisions contiguous, positions increasing. */
const expectWholeLog = (events: RecordedEvent[]) => {
  const revisions = new Map<string, number>();
  let position = 0;
  const ids = new Set<string>();
  for (const event of events) {
    expect(event.position).toBeGreaterThan(position);
    position = event.position;
    expect(ids.has(event.id)).toBe(false);
    ids.add(event.id);
    const next = revisions.get(event.streamName) ?? 0;
    expect(event.revision).toBe(next);
    revisions.set(event.streamName, next + 1);
    expect(typeof event.data).toBe('object');
    if (event.type === 'ClickRecorded') {
      const click = event.data as Record<string, unknown>;
      expect(click).toEqual(
        expect.objectContaining({
          clickId: expect.any(String),
          visitorId: expect.any(String),
          affiliateId: expect.any(String),
          refCode: expect.any(String),
          linkKind: expect.any(String),
          bot: expect.any(Boolean),
          ipHash: expect.any(String),
          occurredAt: expect.any(String),
        }),
      );
      // Click ids are opaque (issue 11): nothing of the visitor inside.
      expect(String(click.clickId)).not.toContain(String(click.visitorId));
      expect(event.streamName).toBe(`visitor-${click.visitorId}`);
    }
    if (event.type === 'OrderPaid') {
      const order = event.data as Record<string, unknown>;
      expect(order).toEqual(
        expect.objectContaining({
          orderId: expect.any(String),
          paidAt: expect.any(String),
          totalCents: expect.any(Number),
          requestHash: expect.any(String),
        }),
      );
      expect(event.streamName).toBe(`order-${order.orderId}`);
    }
  }
};

describe.each([
  ['SQLite', 'sqlite' as const],
  ['PostgreSQL', 'postgres' as const],
])('the app killed with SIGKILL under load, restarted, %s event store', (_name, store) => {
  let deployment: Deployment;
  let app: ServiceProcess;
  let jane: { affiliateId: string; apiKey: string };
  let max: { affiliateId: string; apiKey: string };
  const random = seededRandom(
    Number(process.env.FAULTS_SEED ?? Date.now() % 2 ** 31) + (store === 'postgres' ? 7919 : 0),
  );
  jest.setTimeout(180_000);

  beforeAll(async () => {
    deployment = await Deployment.create({ store });
    app = await deployment.startApi();
    await deployment.call('PUT', '/v1/admin/rules', { body: { defaultRateBps: 1000 } });
    await deployment.call('PUT', '/v1/admin/products/mug', {
      body: { name: 'Mug', url: 'https://shop.test/mug', eligible: true },
    });
    jane = (
      await deployment.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      })
    ).body;
    max = (
      await deployment.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Max', email: 'max@example.com', refCode: 'max', productScope: ['mug'] },
      })
    ).body;
  });
  afterAll(async () => {
    await deployment?.close();
  });

  /** Kills the app at a random moment of the load, then starts it again on the same store. */
  const killAndRestart = async (log: string[], what: string) => {
    for (let round = 1; round <= ROUNDS; round++) {
      const after = random.between(300, 1500);
      await sleep(after);
      const head = await deployment.store.headPosition();
      await app.kill();
      log.push(`${what} round ${round}: killed ${after} ms into the load at head ${head}`);
      await sleep(random.between(0, 300));
      app = await deployment.startApi();
    }
  };

  it(`every click whose 302 reached the client is in the log, whole (${ROUNDS} kills)`, async () => {
    const paths = ['/r/jane', '/r/jane/p/mug?c=launch', '/r/max/buy/mug', '/r/max/p/mug'];
    const { load, acknowledged } = redirectLoad(deployment.baseUrl, paths, 16);
    const log: string[] = [];
    await killAndRestart(log, 'redirects');
    await sleep(500);
    await load.stop();

    const events = await deployment.events();
    expectWholeLog(events);
    const stored = new Set(
      events
        .filter((event) => event.type === 'ClickRecorded')
        .map((event) => (event.data as { clickId: string }).clickId),
    );
    const lost = [...acknowledged].filter((clickId) => !stored.has(clickId));
    expect(lost).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 50);
    // The dashboards (read models rebuilt at boot) count exactly the counted clicks of the log (human, not throttled).
    const counted = (data: unknown) =>
      !(data as { bot: boolean }).bot && !(data as { throttled?: boolean }).throttled;
    const clicksOf = (affiliateId: string) =>
      events.filter(
        (event) =>
          event.type === 'ClickRecorded' &&
          (event.data as { affiliateId: string }).affiliateId === affiliateId &&
          counted(event.data),
      ).length;
    const day = '2026-03-01';
    for (const affiliate of [jane, max]) {
      const dashboard = await waitFor(async () => {
        const answer = await deployment.call('GET', `/v1/me/dashboard?from=${day}&to=${day}`, {
          token: affiliate.apiKey,
        });
        return answer.body?.totals?.clicks === clicksOf(affiliate.affiliateId) && answer.body;
      }, 'the dashboard to count every stored click');
      expect(dashboard.totals.clicks).toBe(clicksOf(affiliate.affiliateId));
    }
    if (store === 'sqlite') {
      const db = new Database(deployment.eventStoreUrl.slice('sqlite:'.length), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    }
    console.log(
      `${_name} (seed ${random.seed}): ${acknowledged.size} clicks acknowledged, ${stored.size} stored, ${load.failures} requests failed during kills\n${log.join('\n')}`,
    );
  });

  it(`every order whose answer reached the client is in the log once, and its commission is posted once (${ROUNDS} kills)`, async () => {
    // Shoppers who clicked before: half through Jane's link, half through Max's.
    const clicks: string[] = [];
    for (let i = 0; i < 40; i++) {
      // A browser's user agent: Node's fetch is recognised as a bot, whose clicks never earn.
      const response = await fetch(`${deployment.baseUrl}/r/${i % 2 ? 'max' : 'jane'}/p/mug`, {
        redirect: 'manual',
        headers: {
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
        },
      });
      clicks.push(new URL(response.headers.get('location')!).searchParams.get('tt_click')!);
    }
    const answers = new Map<string, { status: number; body: Record<string, unknown> }>();
    const current = new Map<
      number,
      { orderId: string; body: Record<string, unknown>; tries: number }
    >();
    let next = 0;
    let replays = 0;
    // A shop's server: sends an order; on a network error sends the very same order again until answered.
    const load = new Load(12, async (loop) => {
      let order = current.get(loop);
      if (!order) {
        const n = next++;
        const orderId = `order-${store}-${n}`;
        order = {
          orderId,
          tries: 0,
          body: {
            orderId,
            paidAt: '2026-03-01T12:00:00Z',
            currency: 'USD',
            clickId: clicks[n % clicks.length],
            lines: [{ productId: 'mug', quantity: 1, amountCents: 1000 + (n % 7) * 100 }],
          },
        };
        current.set(loop, order);
      }
      order.tries++;
      const response = await fetch(`${deployment.baseUrl}/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(order.body),
      });
      const body = (await response.json()) as Record<string, unknown>;
      if (response.status !== 201 && response.status !== 200) return false;
      if (response.status === 200) replays++;
      answers.set(order.orderId, { status: response.status, body });
      current.delete(loop);
      return true;
    });
    const log: string[] = [];
    await killAndRestart(log, 'orders');
    await sleep(500);
    await load.stop();
    // Orders a loop was still retrying when the load stopped: the shop would send them again.
    for (const order of current.values()) {
      const response = await deployment.call('POST', '/v1/orders', { body: order.body });
      expect([200, 201]).toContain(response.status);
      answers.set(order.orderId, response);
    }

    const events = await deployment.events();
    expectWholeLog(events);
    const paid = events.filter((event) => event.type === 'OrderPaid') as RecordedEvent<
      'OrderPaid',
      { orderId: string; attribution: { affiliateId: string; commissionCents: number } | null }
    >[];
    const paidById = new Map(paid.map((event) => [event.data.orderId, event.data]));
    expect(paidById.size).toBe(paid.length);
    for (const [orderId, { body }] of answers) {
      const decided = paidById.get(orderId);
      expect(decided).toBeDefined();
      expect(body).toEqual({
        orderId,
        attributed: true,
        affiliateId: decided!.attribution!.affiliateId,
        commissionCents: decided!.attribution!.commissionCents,
      });
    }
    // The worker's ledger posting makes good what a kill between the order and its commission left undone.
    const log2 = new EventLog(deployment.store);
    for (const affiliate of [jane, max]) {
      const expected = paid
        .filter((event) => event.data.attribution?.affiliateId === affiliate.affiliateId)
        .reduce((sum, event) => sum + event.data.attribution!.commissionCents, 0);
      const ledger = await waitFor(async () => {
        const loaded = await loadLedger(log2, affiliate.affiliateId);
        return loaded.state.balances.earnedCents === expected && loaded;
      }, `the ledger of ${affiliate.affiliateId} to hold every commission`);
      expect(ledger.state.balances).toMatchObject({
        earnedCents: expected,
        pendingCents: expected,
      });
    }
    const earned = (await deployment.events())
      .filter((event) => event.type === 'CommissionEarned')
      .map((event) => (event.data as { commissionId: string }).commissionId);
    expect(new Set(earned).size).toBe(earned.length);
    expect(earned.length).toBe(paid.filter((event) => event.data.attribution).length);
    expect(answers.size).toBeGreaterThan(ROUNDS * 20);
    console.log(
      `${_name}: ${answers.size} orders acknowledged (${replays} answered 200 to a resend after a kill), ${paid.length} in the log, ${load.failures} requests failed during kills\n${log.join('\n')}`,
    );
  });
});
