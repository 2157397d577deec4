import { createEventStore, type EventStore } from '@threadtrak/event-store';
import { streams } from '@threadtrak/ledger';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { legacyEmailHash } from '../../src/affiliates/credentials';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { closeRuntime, createRuntime, type Runtime } from '../../src/runtime';

/** Emails are hashed with a keyed HMAC; self-referrals are still caught, for new affiliates and old logs' alike. */
describe('self-referral with keyed email hashes', () => {
  let store: EventStore;
  let runtime: Runtime;
  const clock = new ManualClock(new Date('2026-06-01T12:00:00.000Z'));
  let visitors = 0;

  beforeEach(async () => {
    store = await createEventStore('sqlite::memory:');
    const config = loadConfig({
      EVENT_STORE_URL: 'sqlite::memory:',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tt-email-')),
      EMAIL_HASH_SECRET: 'a-secret',
    });
    runtime = await createRuntime(config, { store, clock });
    await runtime.setRules.execute({ defaultRateBps: 1_000 }, 'admin');
    await runtime.listProduct.execute(
      { productId: 'lamp', name: 'Lamp', url: 'https://shop.test/lamp', eligible: true },
      'admin',
    );
  });
  afterEach(() => closeRuntime(runtime));

  /** An order by a visitor who clicked `affiliateId`'s link a minute before. */
  const order = async (affiliateId: string, customerEmail: string) => {
    const visitorId = `v${++visitors}`;
    await runtime.recordClick.execute({
      clickId: `${visitorId}.c1`,
      visitorId,
      affiliateId,
      refCode: 'ref',
      linkKind: 'canonical',
      bot: false,
      ipHash: 'ip',
      occurredAt: '2026-06-01T11:59:00.000Z',
    });
    const orderId = `order-${visitors}`;
    const { answer } = await runtime.recordOrder.execute(
      {
        orderId,
        paidAt: '2026-06-01T12:00:00.000Z',
        currency: 'USD',
        visitorId,
        customerEmail,
        lines: [{ productId: 'lamp', quantity: 1, amountCents: 10_000 }],
      },
      'api',
      { actor: 'shop' },
    );
    let recorded = '';
    for await (const event of store.readStream(streams.order(orderId)))
      recorded = (event.data as { customerEmailHash?: string }).customerEmailHash ?? '';
    return { answer, recorded };
  };

  it('an affiliate buying through its own link earns nothing, and neither hash in the log is the plain SHA-256', async () => {
    const { affiliateId } = await runtime.registerAffiliate.execute(
      { name: 'Ann', email: 'ann@example.com', productScope: 'all' },
      'admin',
    );
    const { answer, recorded } = await order(affiliateId, '  ANN@example.com ');

    expect(answer.attributed).toBe(false);
    expect((await runtime.facts.affiliate(affiliateId))!.emailHash).toBe(recorded);
    expect(recorded).not.toBe(legacyEmailHash('ann@example.com'));
  });

  it('another customer is attributed, with a keyed hash', async () => {
    const { affiliateId } = await runtime.registerAffiliate.execute(
      { name: 'Ann', email: 'ann@example.com', productScope: 'all' },
      'admin',
    );
    const { answer, recorded } = await order(affiliateId, 'shopper@example.com');

    expect(answer).toMatchObject({ attributed: true, affiliateId, commissionCents: 1_000 });
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    expect(recorded).not.toBe(legacyEmailHash('shopper@example.com'));
  });

  it('an affiliate registered by an old log (unkeyed hash) buying through its own link still earns nothing', async () => {
    const affiliateId = 'aff_0000000000000old';
    await runtime.log.append(
      streams.affiliate(affiliateId),
      [
        {
          event: {
            type: 'AffiliateRegistered',
            data: {
              affiliateId,
              name: 'Old',
              email: 'old@example.com',
              emailHash: legacyEmailHash('old@example.com'),
              refCode: 'old',
              productScope: 'all',
              rateBps: null,
              apiKeyHash: 'old-key-hash',
              occurredAt: '2025-01-01T00:00:00.000Z',
            },
          },
          cause: `affiliate:${affiliateId}`,
        },
      ],
      'no_stream',
      { actor: 'admin' },
    );

    const own = await order(affiliateId, 'Old@Example.com');
    expect(own.answer.attributed).toBe(false);
    expect(own.recorded).toBe(legacyEmailHash('old@example.com'));

    const other = await order(affiliateId, 'shopper@example.com');
    expect(other.answer.attributed).toBe(true);
    expect(other.recorded).not.toBe(legacyEmailHash('shopper@example.com'));
  });
});
