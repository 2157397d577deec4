import { EventLog, loadLedger } from '@threadtrak/application';
import { createEventStore, type RecordedEvent } from '@threadtrak/event-store';
import Database from 'better-sqlite3';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FakeStripeServer } from '../../libs/payouts/testing/fake-stripe.server';
import { Deployment, waitFor, type ServiceProcess } from './support/deployment';

/**
 * Issue 11, "consumers silently skip after a restore": checkpoints live in the event store, so a restored
 * or swapped log is read by every consumer from where that log says (or from its start), never from a
 * position another log reached. Before, the saga's checkpoint (a file in DATA_DIR) pointed past the
 * restored log's new events, and a payout approved after the restore was never sent.
 */
describe('a restored or swapped event store: no consumer skips what the log holds now', () => {
  jest.setTimeout(240_000);
  const SECRET = 'sk_test_restore';
  let stripe: FakeStripeServer;
  let deployment: Deployment;

  beforeEach(async () => {
    stripe = await FakeStripeServer.start({ secretKey: SECRET });
  });
  afterEach(async () => {
    await deployment?.close();
    await stripe.close();
  });

  const env = () => ({ STRIPE_SECRET_KEY: SECRET, STRIPE_API_BASE: stripe.url });

  const ok = <T extends { status: number; body: any }>(response: T, what: string): T => {
    if (response.status >= 300)
      throw new Error(`${what}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  };

  /** Rules, a product, Jane (Stripe Connect), one attributed order of 600.00 whose commission (60.00) is due. */
  const earnDueCommission = async (orderId: string) => {
    ok(
      await deployment.call('PUT', '/v1/admin/rules', {
        body: { defaultRateBps: 1000, holdDays: 1, minPayoutCents: 1000 },
      }),
      'rules',
    );
    ok(
      await deployment.call('PUT', '/v1/admin/products/desk', {
        body: { name: 'Desk', url: 'https://shop.test/desk', eligible: true },
      }),
      'product',
    );
    const jane = ok(
      await deployment.call('POST', '/v1/admin/affiliates', {
        body: { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      }),
      'jane',
    ).body;
    ok(
      await deployment.call('PUT', '/v1/me/payout-account', {
        token: jane.apiKey,
        body: { method: 'stripe_connect', accountId: 'acct_jane000001' },
      }),
      'account',
    );
    const click = await fetch(`${deployment.baseUrl}/r/jane/p/desk`, {
      redirect: 'manual',
      headers: {
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
      },
    });
    const clickId = new URL(click.headers.get('location')!).searchParams.get('tt_click')!;
    ok(
      await deployment.call('POST', '/v1/orders', {
        body: {
          orderId,
          paidAt: now,
          currency: 'USD',
          clickId,
          lines: [{ productId: 'desk', quantity: 1, amountCents: 60_000 }],
        },
      }),
      'order',
    );
    now = new Date(Date.parse(now) + 2 * 86_400_000).toISOString();
    deployment.setNow(now);
    await waitFor(
      async () => (await balances(jane.affiliateId)).dueCents === 6000,
      'the commission to become due',
    );
    return jane as { affiliateId: string; apiKey: string };
  };

  let now = '2026-03-01T12:00:00.000Z';
  const balances = async (affiliateId: string) => ({
    ...(await loadLedger(new EventLog(deployment.store), affiliateId)).state.balances,
  });
  const events = async (): Promise<RecordedEvent[]> => deployment.events();

  /** Requests and approves Jane's whole due balance; resolves with the payout id once it is sent. */
  const payOut = async (jane: { affiliateId: string; apiKey: string }) => {
    const requested = ok(
      await deployment.call('POST', '/v1/me/payouts', { token: jane.apiKey }),
      'payout request',
    );
    const payoutId: string = requested.body.payoutId;
    ok(await deployment.call('POST', `/v1/admin/payouts/${payoutId}/approve`), 'approval');
    await waitFor(
      async () =>
        (await events()).some(
          (event) =>
            event.type === 'PayoutSent' &&
            (event.data as { payoutId: string }).payoutId === payoutId,
        ),
      `payout ${payoutId} to be sent`,
    );
    return payoutId;
  };

  it('SQLite: restore an older events.db with the same DATA_DIR; a payout approved after the restore is sent exactly once, a refund after it reverses', async () => {
    now = '2026-03-01T12:00:00.000Z';
    deployment = await Deployment.create({ now });
    let app: ServiceProcess = await deployment.startApi({ env: env() });
    const jane = await earnDueCommission('desk-1');

    // The backup: SQLite's online backup of the live file, as `sqlite3 events.db .backup` makes it.
    const file = deployment.eventStoreUrl.slice('sqlite:'.length);
    const backup = join(deployment.dir, 'backup.db');
    const source = new Database(file, { readonly: true });
    await source.backup(backup);
    source.close();
    const backupHead = Number(
      (
        new Database(backup, { readonly: true })
          .prepare('SELECT max(position) AS head FROM events')
          .get() as { head: number }
      ).head,
    );

    // More history after the backup: a payout paid (its checkpoint moves well past the backup's head), and traffic.
    const lost = await payOut(jane);
    for (let i = 0; i < 30; i++)
      await (
        await fetch(`${deployment.baseUrl}/r/jane/p/desk`, {
          redirect: 'manual',
          headers: {
            'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0',
          },
        })
      ).arrayBuffer();
    await waitFor(
      async () => (await deployment.store.headPosition()) > backupHead + 30,
      'the clicks',
    );
    await app.stop();

    // Restore: the older file replaces the newer one; the DATA_DIR (and everything else in it) stays.
    await deployment.store.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    copyFileSync(backup, file);
    deployment.store = await createEventStore(deployment.eventStoreUrl);
    expect(await deployment.store.headPosition()).toBe(backupHead);
    expect((await balances(jane.affiliateId)).dueCents).toBe(6000);

    app = await deployment.startApi({ env: env() });
    const transfersBefore = stripe.transfers.length;
    const payoutId = await payOut(jane);
    expect(payoutId).not.toBe(lost);
    // Its events sit at positions the saga had passed in the newer log: it did not skip them.
    const request = (await events()).find(
      (event) =>
        event.type === 'PayoutRequested' &&
        (event.data as { payoutId: string }).payoutId === payoutId,
    )!;
    expect(request.position).toBeLessThanOrEqual(backupHead + 30);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stripe.transfersByKey.get(payoutId)).toBe(1);
    expect(stripe.transfers.length).toBe(transfersBefore + 1);
    expect(
      (await events()).filter(
        (event) =>
          event.type === 'PayoutSent' && (event.data as { payoutId: string }).payoutId === payoutId,
      ),
    ).toHaveLength(1);
    expect(await balances(jane.affiliateId)).toMatchObject({ dueCents: 0, paidCents: 6000 });

    // A refund of half the order after the payout claws half the commission back.
    ok(
      await deployment.call('POST', '/v1/orders/desk-1/refunds', {
        body: { refundId: 'after-restore', refundedAt: now, amountCents: 30_000 },
      }),
      'refund',
    );
    await waitFor(
      async () => (await balances(jane.affiliateId)).reversedCents === 3000,
      'the clawback',
    );
    expect(await balances(jane.affiliateId)).toMatchObject({
      dueCents: -3000,
      paidCents: 6000,
      reversedCents: 3000,
    });
    expect(app.output).not.toMatch(/does not match the log/);
  });

  it('PostgreSQL + Redis: a new empty store with the same DATA_DIR and Redis prefix; projections rebuild (WARN), the saga reads the new log from its start', async () => {
    now = '2026-03-01T12:00:00.000Z';
    deployment = await Deployment.create({ store: 'postgres', redis: true, now });
    let app = await deployment.startApi({ env: env() });
    await earnDueCommission('desk-1');
    const stats = async () =>
      (await deployment.call('GET', '/v1/admin/dashboard?from=2026-02-01&to=2026-03-31')).body;
    await waitFor(
      async () => (await stats())?.totals?.sales === 1 && (await stats()).totals,
      'the projections to count the first sale',
    );
    await app.stop();

    await deployment.swapStore();
    app = await deployment.startApi({ env: env() });
    await app.waitForOutput(
      /WARN checkpoint of projection \S+ does not match the log: stored position \d+ event [0-9a-f-]+, found no event there \(log head 0\).*rebuilding/,
    );
    const jane = await earnDueCommission('desk-2');
    const payoutId = await payOut(jane);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(stripe.transfersByKey.get(payoutId)).toBe(1);
    expect(stripe.transfers).toHaveLength(1);
    // The read models count the new log only: one sale, not the old log's plus the new one's.
    await waitFor(
      async () => (await stats())?.totals?.sales === 1 && (await stats()).totals?.clicks === 1,
      'the rebuilt projections to count the new log only',
    );
  });
});
