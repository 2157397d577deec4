import { createEventStore, eventId, type EventStore } from '@threadtrak/event-store';
import { DAY, streams, type Balances, type LedgerEvent } from '@threadtrak/ledger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Audit } from '../../src/audit/audit';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { loadLedger } from '../../src/orders/post-order';
import { closeRuntime, createRuntime, type Runtime } from '../../src/runtime';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');
export const day = (days: number) => new Date(T0 + days * DAY).toISOString();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small shop whose history is made through the real use cases, on an SQLite file (so a spec can reach
 * under the store and edit a row): two affiliates, human and bot clicks, orders, a refund during the hold,
 * payouts (one failed and requested again), and a refund after the payout (a clawback).
 */
export class AuditWorld {
  ann = '';
  bob = '';
  /** An instant after every event up to the payouts, before any of them. */
  beforePayouts = new Date(0);

  private constructor(
    readonly runtime: Runtime,
    readonly store: EventStore,
    readonly clock: ManualClock,
    readonly dir: string,
  ) {}

  static async open(storeUrl?: (dir: string) => string): Promise<AuditWorld> {
    const dir = mkdtempSync(join(tmpdir(), 'tt-audit-'));
    const url = storeUrl?.(dir) ?? `sqlite:${join(dir, 'events.db')}`;
    const store = await createEventStore(url);
    const clock = new ManualClock(new Date(T0));
    // PayPal configured (never called here: outcomes are recorded by hand), so PayPal payouts may be requested.
    const config = loadConfig({
      EVENT_STORE_URL: url,
      DATA_DIR: dir,
      PAYPAL_CLIENT_ID: 'id',
      PAYPAL_CLIENT_SECRET: 'secret',
      PAYPAL_API_BASE: 'http://127.0.0.1:9',
    });
    return new AuditWorld(await createRuntime(config, { store, clock }), store, clock, dir);
  }

  get dbPath(): string {
    return join(this.dir, 'events.db');
  }

  audit(at?: Date) {
    return new Audit(this.store).run(at ? { at } : {});
  }

  async build(): Promise<void> {
    const { runtime, clock } = this;
    await runtime.setRules.execute(
      {
        cookieWindowDays: 30,
        attributionModel: 'last_click',
        holdDays: 30,
        minPayoutCents: 1_000,
        defaultRateBps: 1_000,
      },
      'admin',
    );
    await runtime.listProduct.execute(
      { productId: 'tee', name: 'Tee', url: 'https://shop.example/tee', eligible: true },
      'admin',
    );
    this.ann = (
      await runtime.registerAffiliate.execute(
        { name: 'Ann', email: 'ann@example.com', productScope: 'all' },
        'admin',
      )
    ).affiliateId;
    this.bob = (
      await runtime.registerAffiliate.execute(
        { name: 'Bob', email: 'bob@example.com', productScope: 'all', rateBps: 2_000 },
        'admin',
      )
    ).affiliateId;
    await this.click('v1', this.ann, 0);
    await this.click('v2', this.ann, 0);
    await this.click('v3', this.bob, 0);
    await this.click('v4', this.ann, 0, true);
    await this.order('o1', 'v1', 50_000, 1);
    await this.order('o2', 'v2', 20_000, 1);
    await this.order('o3', 'v3', 30_000, 2);
    await this.order('o4', 'v4', 10_000, 2);
    clock.set(day(10));
    await runtime.recordRefund.refund(
      { orderId: 'o2', refundId: 'r2', refundedAt: day(10), amountCents: 5_000, source: 'api' },
      { actor: 'shop' },
    );
    clock.set(day(33));
    await this.makeDue();
    await runtime.updateAffiliate.setPayoutAccount(
      this.ann,
      { method: 'paypal', email: 'ann@example.com' },
      `affiliate:${this.ann}`,
    );
    await runtime.updateAffiliate.setPayoutAccount(
      this.bob,
      { method: 'paypal', email: 'bob@example.com' },
      `affiliate:${this.bob}`,
    );

    await sleep(5);
    this.beforePayouts = new Date();
    await sleep(5);
    await this.payOut(this.ann, 'ann-1', true);
    await this.payOut(this.bob, 'bob-1', false);
    await this.payOut(this.bob, 'bob-2', true);

    clock.set(day(40));
    await runtime.recordRefund.refund(
      { orderId: 'o1', refundId: 'r1', refundedAt: day(40), source: 'api' },
      { actor: 'shop' },
    );
    await this.click('v1', this.ann, 38);
    await this.order('o5', 'v1', 40_000, 41);
  }

  async click(visitorId: string, affiliateId: string, atDay: number, bot = false): Promise<void> {
    this.clock.set(day(atDay));
    await this.runtime.recordClick.execute({
      clickId: `${visitorId}.d${atDay}`,
      visitorId,
      affiliateId,
      refCode: 'ref',
      linkKind: 'canonical',
      bot,
      ipHash: 'ip',
      occurredAt: day(atDay),
    });
  }

  async order(
    orderId: string,
    visitorId: string,
    amountCents: number,
    atDay: number,
  ): Promise<void> {
    this.clock.set(day(atDay));
    await this.runtime.recordOrder.execute(
      {
        orderId,
        paidAt: day(atDay),
        currency: 'USD',
        lines: [{ productId: 'tee', quantity: 1, amountCents }],
        visitorId,
      },
      'api',
      { actor: 'shop' },
    );
  }

  async makeDue(): Promise<void> {
    const events = [];
    for await (const event of this.store.readAll()) events.push(event);
    this.runtime.dueScheduler.observe(events);
    await this.runtime.dueScheduler.tick();
  }

  /** Requested, approved, then sent or failed by the provider. */
  async payOut(affiliateId: string, key: string, sent: boolean): Promise<string> {
    const { payouts } = this.runtime;
    const { payoutId } = await payouts.request(affiliateId, key, `affiliate:${affiliateId}`);
    await payouts.approve(affiliateId, payoutId, 'admin', 'admin');
    await payouts.recordOutcome(
      affiliateId,
      sent
        ? { payoutId, sent: true, providerRef: `PP-${key}` }
        : { payoutId, sent: false, reason: 'account closed' },
    );
    return payoutId;
  }

  /** Writes straight to an affiliate's ledger stream, past every decider: how a broken log is made. */
  async appendToLedger(affiliateId: string, event: LedgerEvent, cause: string): Promise<void> {
    await this.store.appendToStream(streams.ledger(affiliateId), [
      { id: eventId('audit-spec', cause), type: event.type, data: event.data },
    ]);
  }

  async ledgerEvents(affiliateId: string) {
    const events: { type: string; data: any }[] = [];
    for await (const event of this.store.readStream(streams.ledger(affiliateId)))
      events.push(event);
    return events;
  }

  async balances(affiliateId: string): Promise<Balances> {
    return (await loadLedger(this.runtime.log, affiliateId)).state.balances;
  }

  async close(): Promise<void> {
    await closeRuntime(this.runtime);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
