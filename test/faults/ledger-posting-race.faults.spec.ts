import {
  createRuntime,
  EventLog,
  loadConfig,
  loadLedger,
  ManualClock,
  PostOrder,
  type Runtime,
} from '@threadtrak/application';
import { SqliteEventStore, type EventStore } from '@threadtrak/event-store';
import { newClickId, newVisitorId } from '@threadtrak/links';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Found by stripe-redelivery.faults.spec.ts (1 run in ~5 of 20 rounds): two postings of one order race,
 * and the one that read the order first appends last. PostOrder reads the order once, outside the ledger's
 * decide-and-retry loop (libs/application/src/orders/post-order.ts:30), so its decision can rest on an
 * order state older than the ledger it appends to. Here, deterministically: a posting reads the order
 * while its dispute is lost, the dispute is then won (whose own posting finds nothing to restore, since
 * the reversal is not in the ledger yet), then the first posting appends the dispute's reversal. Nothing
 * posts that order again, so the won dispute never gives the commission back.
 */
describe('two postings of one order racing', () => {
  let dir: string;
  let store: EventStore;
  let runtime: Runtime;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'posting-race-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    runtime = await createRuntime(
      loadConfig({ DATA_DIR: dir, ADMIN_TOKEN: 'x', IP_HASH_SALT: 'salt' }),
      { store, clock: new ManualClock(new Date('2026-03-01T12:00:00Z')) },
    );
  });
  afterEach(async () => {
    await runtime.directory.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A PostOrder whose first read of a ledger waits until `release` is called, after it has read the order. */
  const heldPosting = () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let held = false;
    const gated: EventStore = Object.create(store, {
      readStream: {
        value: (name: string, options?: never) => {
          if (held || !name.startsWith('ledger-')) return store.readStream(name, options);
          held = true;
          return (async function* () {
            await gate;
            yield* store.readStream(name, options);
          })();
        },
      },
    });
    return { posting: new PostOrder(new EventLog(gated)), release };
  };

  it('a dispute lost then won gives the commission back, even when a posting that read only the loss appends last', async () => {
    await runtime.setRules.execute({ defaultRateBps: 1000 }, 'admin');
    await runtime.listProduct.execute(
      { productId: 'tee', name: 'Tee', url: 'https://shop.test/tee', eligible: true },
      'admin',
    );
    const { affiliateId } = await runtime.registerAffiliate.execute(
      { name: 'Jane', email: 'jane@example.com', refCode: 'jane', productScope: 'all' },
      'admin',
    );
    const visitorId = newVisitorId();
    const clickId = newClickId();
    await runtime.recordClick.execute({
      clickId,
      visitorId,
      affiliateId,
      refCode: 'jane',
      linkKind: 'canonical',
      bot: false,
      ipHash: 'h',
      occurredAt: '2026-03-01T12:00:00.000Z',
    });
    await runtime.recordOrder.execute(
      {
        orderId: 'pi_1',
        paidAt: '2026-03-01T12:00:00.000Z',
        currency: 'USD',
        clickId,
        lines: [{ productId: 'tee', quantity: 1, amountCents: 3000 }],
      },
      'stripe',
      { actor: 'stripe' },
    );
    const metadata = { actor: 'stripe' };
    const lost = {
      orderId: 'pi_1',
      disputeId: 'dp_1',
      amountCents: 800,
      status: 'lost' as const,
      closedAt: '2026-03-01T22:00:00.000Z',
    };

    // The loss is recorded; its posting reads the order (lost) and is held before it reads the ledger.
    await runtime.log.append(
      'order-pi_1',
      [{ event: { type: 'OrderDisputeClosed', data: lost }, cause: 'dispute:dp_1:lost' }],
      'any',
      metadata,
    );
    const stale = heldPosting();
    const posting = stale.posting.execute('pi_1');
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The win arrives and is posted: nothing was taken yet, so nothing to restore.
    await runtime.recordRefund.dispute(
      { ...lost, status: 'won', closedAt: '2026-03-02T08:00:00.000Z' },
      metadata,
    );
    stale.release();
    await posting;

    const { balances } = (await loadLedger(runtime.log, affiliateId)).state;
    expect(balances).toMatchObject({ earnedCents: 300, reversedCents: 0, pendingCents: 300 });
  });
});
