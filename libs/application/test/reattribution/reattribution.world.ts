import { createEventStore, type EventStore } from '@threadtrak/event-store';
import { DAY, type Balances, type LinkKind } from '@threadtrak/ledger';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { EventLog } from '../../src/event-log';
import { Facts } from '../../src/facts';
import { loadLedger } from '../../src/orders/post-order';
import { Reattribute } from '../../src/reattribution/reattribute';
import { closeRuntime, createRuntime, type Runtime } from '../../src/runtime';

/**
 * A shop whose history is built through the real use cases: four affiliates, three products, clicks of
 * visitors over four months, paid orders, refunds, a payout. Beside the log it keeps the same facts in plain
 * arrays, so a spec can work out attribution independently of `attributeOrder`.
 */
export const T0 = Date.parse('2025-01-01T00:00:00.000Z');
export const day = (days: number) => new Date(T0 + days * DAY).toISOString();

export interface PlainAffiliate {
  affiliateId: string;
  name: string;
  email: string;
  rateBps: number | null;
  scope: 'all' | string[];
}
export interface PlainProduct {
  productId: string;
  eligible: boolean;
  rateBps?: number;
}
export interface PlainClick {
  clickId: string;
  visitorId: string;
  affiliateId: string;
  at: number;
  bot: boolean;
}
export interface PlainOrder {
  orderId: string;
  visitorId: string;
  paidAt: number;
  lines: { productId: string; quantity: number; amountCents: number }[];
  customerEmail?: string;
  /** What RecordOrder answered. */
  answered: { affiliateId: string | null; commissionCents: number };
  /** Refunded amounts; `whole`: the whole order. */
  refunds: ({ whole: true } | { whole: false; amountCents: number })[];
}

export const PRODUCTS: PlainProduct[] = [
  { productId: 'tee', eligible: true },
  { productId: 'mug', eligible: true, rateBps: 1_500 },
  { productId: 'sticker', eligible: false },
];

/** mulberry32: a seeded generator, so every run builds the same history. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

export class ReattributionWorld {
  affiliates: PlainAffiliate[] = [];
  clicks: PlainClick[] = [];
  orders: PlainOrder[] = [];
  /** The affiliate paid out mid-history. */
  paidAffiliateId = '';

  private constructor(
    readonly runtime: Runtime,
    readonly store: EventStore,
    readonly clock: ManualClock,
  ) {}

  static async open(): Promise<ReattributionWorld> {
    const store = await createEventStore('sqlite::memory:');
    const clock = new ManualClock(new Date(T0 - 40 * DAY));
    const config = loadConfig({
      EVENT_STORE_URL: 'sqlite::memory:',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tt-reattribution-')),
      // PayPal configured (never called: payouts are recorded by hand), so PayPal payouts may be requested.
      PAYPAL_CLIENT_ID: 'id',
      PAYPAL_CLIENT_SECRET: 'secret',
      PAYPAL_API_BASE: 'http://127.0.0.1:9',
    });
    return new ReattributionWorld(await createRuntime(config, { store, clock }), store, clock);
  }

  /** A use case on a log that can be wrapped (to race it, or to crash it). */
  reattribute(store: EventStore = this.store): Reattribute {
    const log = new EventLog(store);
    return new Reattribute(log, new Facts(log), this.clock);
  }

  /**
   * `orders` orders paid over `days` days from T0, each by one of `visitors` visitors who clicked links of
   * several affiliates (some by bots) up to 35 days before; some are self-referrals, some refunded in whole
   * or in part. At day `payoutDay` the first affiliate is paid out whatever is due.
   */
  async build({
    seed = 7,
    orders = 200,
    visitors = 120,
    days = 90,
    payoutDay = 75,
  } = {}): Promise<void> {
    const random = seeded(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const { runtime } = this;
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
    for (const product of PRODUCTS) {
      await runtime.listProduct.execute(
        {
          productId: product.productId,
          name: product.productId,
          url: `https://shop.example/${product.productId}`,
          eligible: product.eligible,
          ...(product.rateBps ? { rateBps: product.rateBps } : {}),
        },
        'admin',
      );
    }
    const profiles: Omit<PlainAffiliate, 'affiliateId'>[] = [
      { name: 'Ann', email: 'ann@example.com', rateBps: null, scope: 'all' },
      { name: 'Bob', email: 'bob@example.com', rateBps: 2_000, scope: 'all' },
      { name: 'Cat', email: 'cat@example.com', rateBps: null, scope: ['tee'] },
      { name: 'Dan', email: 'dan@example.com', rateBps: null, scope: 'all' },
    ];
    for (const profile of profiles) {
      const { affiliateId } = await runtime.registerAffiliate.execute(
        {
          name: profile.name,
          email: profile.email,
          productScope: profile.scope,
          ...(profile.rateBps ? { rateBps: profile.rateBps } : {}),
        },
        'admin',
      );
      this.affiliates.push({ affiliateId, ...profile });
    }
    this.paidAffiliateId = this.affiliates[0]!.affiliateId;

    type Action = { at: number; rank: number; run: () => Promise<void> };
    const actions: Action[] = [];
    const visitorIds = Array.from(
      { length: visitors },
      (_, i) => `visitor${String(i).padStart(4, '0')}`,
    );
    for (const visitorId of visitorIds) {
      const count = Math.floor(random() * 6);
      for (let i = 0; i < count; i++) {
        const click: PlainClick = {
          clickId: `${visitorId}.c${i}`,
          visitorId,
          affiliateId: pick(this.affiliates).affiliateId,
          at: T0 - 35 * DAY + Math.floor(random() * (days + 35) * DAY),
          bot: random() < 0.1,
        };
        this.clicks.push(click);
        const linkKind = pick<LinkKind>(['canonical', 'product', 'purchase']);
        actions.push({
          at: click.at,
          rank: 0,
          run: () =>
            runtime.recordClick.execute({
              clickId: click.clickId,
              visitorId,
              affiliateId: click.affiliateId,
              refCode: 'ref',
              linkKind,
              bot: click.bot,
              ipHash: 'ip',
              occurredAt: new Date(click.at).toISOString(),
              ...(random() < 0.3 ? { campaign: 'launch' } : {}),
            }),
        });
      }
    }
    for (let i = 0; i < orders; i++) {
      const lineCount = random() < 0.7 ? 1 : 2;
      const order: PlainOrder = {
        orderId: `order${String(i).padStart(4, '0')}`,
        visitorId: pick(visitorIds),
        paidAt: T0 + Math.floor(random() * days * DAY),
        lines: Array.from({ length: lineCount }, () => ({
          productId: pick(PRODUCTS).productId,
          quantity: 1,
          amountCents: 1_000 + Math.floor(random() * 49_000),
        })),
        ...(random() < 0.05 ? { customerEmail: pick(this.affiliates).email.toUpperCase() } : {}),
        answered: { affiliateId: null, commissionCents: 0 },
        refunds: [],
      };
      this.orders.push(order);
      actions.push({
        at: order.paidAt,
        rank: 1,
        run: async () => {
          const { answer } = await runtime.recordOrder.execute(
            {
              orderId: order.orderId,
              paidAt: new Date(order.paidAt).toISOString(),
              currency: 'USD',
              lines: order.lines,
              visitorId: order.visitorId,
              ...(order.customerEmail ? { customerEmail: order.customerEmail } : {}),
            },
            'api',
            { actor: 'shop' },
          );
          order.answered = {
            affiliateId: answer.affiliateId ?? null,
            commissionCents: answer.commissionCents,
          };
        },
      });
      const refund = random();
      if (refund < 0.16) {
        const whole = refund < 0.08 || lineCount > 1;
        const amountCents = whole
          ? 0
          : Math.floor(order.lines[0]!.amountCents * (0.1 + random() * 0.8));
        order.refunds.push(whole ? { whole: true } : { whole: false, amountCents });
        const refundedAt = order.paidAt + Math.floor(random() * 20 * DAY);
        actions.push({
          at: refundedAt,
          rank: 2,
          run: async () => {
            await runtime.recordRefund.refund(
              {
                orderId: order.orderId,
                refundId: `refund-${order.orderId}`,
                refundedAt: new Date(refundedAt).toISOString(),
                ...(whole ? {} : { amountCents }),
                source: 'api',
              },
              { actor: 'shop' },
            );
          },
        });
      }
    }
    actions.push({
      at: T0 + payoutDay * DAY,
      rank: 3,
      run: () => this.payOut(this.paidAffiliateId),
    });
    actions.sort((a, b) => a.at - b.at || a.rank - b.rank);
    for (const action of actions) {
      this.clock.set(new Date(action.at));
      await action.run();
    }
    this.clock.set(new Date(Math.max(actions[actions.length - 1]!.at, T0 + (days + 5) * DAY)));
    await this.makeDue();
  }

  /** The due scheduler learns the pending commissions from the log, then makes due those whose hold is over. */
  async makeDue(): Promise<void> {
    const events = [];
    for await (const event of this.store.readAll()) events.push(event);
    this.runtime.dueScheduler.observe(events);
    await this.runtime.dueScheduler.tick();
  }

  /** Everything due, paid out (requested, approved, sent). */
  async payOut(affiliateId: string): Promise<void> {
    const { runtime } = this;
    await this.makeDue();
    await runtime.updateAffiliate.setPayoutAccount(
      affiliateId,
      { method: 'paypal', email: 'ann@example.com' },
      `affiliate:${affiliateId}`,
    );
    const { payoutId } = await runtime.payouts.request(
      affiliateId,
      'payout-1',
      `affiliate:${affiliateId}`,
    );
    await runtime.payouts.approve(affiliateId, payoutId, 'admin', 'admin');
    await runtime.payouts.recordOutcome(affiliateId, { payoutId, sent: true, providerRef: 'PP-1' });
  }

  async balances(affiliateId: string): Promise<Balances> {
    return (await loadLedger(this.runtime.log, affiliateId)).state.balances;
  }

  async ledgerEvents(affiliateId: string) {
    const events: { type: string; data: any }[] = [];
    for await (const event of this.store.readStream(`ledger-${affiliateId}`)) events.push(event);
    return events;
  }

  close(): Promise<void> {
    return closeRuntime(this.runtime);
  }
}
