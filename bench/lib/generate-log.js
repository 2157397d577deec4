'use strict';
/**
 * A generated year of a busy program, appended through our SQLite adapter in big groups (not via HTTP):
 * 1,000 affiliates, 50 products; clicks (a visitor clicks 1–3 times), orders (one per ten clicks, nine
 * in ten attributed to a click of the last 30 days), their commissions, commissions falling due after the
 * 30-day hold, refunds of one order in twenty (with their reversals), and monthly payouts.
 * Deterministic (seeded), and kept in the bench work folder between runs (the name carries the size).
 */
const { randomUUID } = require('node:crypto');
const { existsSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { dist, workDir } = require('./common');

const GENERATOR_VERSION = 1;
const AFFILIATES = 1000;
const PRODUCTS = 50;
const DAYS = 365;
const START = Date.parse('2025-01-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

/** mulberry32: small, fast, seeded. */
const prng = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const ensureLog = async ({ clicks, log = () => {} }) => {
  const path = join(workDir('logs'), `log-v${GENERATOR_VERSION}-${clicks}-clicks.db`);
  if (existsSync(path)) {
    const Database = require('better-sqlite3');
    const db = new Database(path, { readonly: true });
    const events = db.prepare('SELECT max(position) AS n FROM events').get().n;
    const orders = db.prepare("SELECT count(*) AS n FROM events WHERE type = 'OrderPaid'").get().n;
    db.close();
    log(`reusing ${path} (${events} events)`);
    return { path, events, clicks, orders };
  }
  const partial = `${path}.partial`;
  rmSync(partial, { force: true });
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  const { SqliteEventStore } = dist('event-store');
  const store = new SqliteEventStore({ path: partial });
  const random = prng(42);
  const pick = (n) => Math.floor(random() * n);
  const token = (n) => Array.from({ length: n }, () => B64[pick(64)]).join('');
  const visitorId = () => token(21) + 'AQgw'[pick(4)];
  const started = Date.now();
  let pending = [];
  let appended = 0;
  const append = (stream, type, data) => {
    pending.push(
      store.appendToStream(
        stream,
        [{ id: randomUUID(), type, data, metadata: { actor: 'bench' } }],
        { expectedRevision: 'any' },
      ),
    );
    appended++;
  };
  const flush = async () => {
    await Promise.all(pending);
    pending = [];
  };
  const at = (ms) => new Date(ms).toISOString();

  append('program', 'ProgramRulesChanged', {
    currency: 'USD',
    cookieWindowDays: 30,
    attributionModel: 'last_click',
    holdDays: 30,
    minPayoutCents: 5000,
    defaultRateBps: 1000,
    autoApproveBelowCents: 0,
    version: 1,
    occurredAt: at(START - DAY_MS),
  });
  const products = Array.from({ length: PRODUCTS }, (_, i) => ({
    productId: `p-${i}`,
    name: `Product ${i}`,
    url: `https://shop.test/p/${i}`,
    eligible: i % 10 !== 9,
    ...(i % 5 === 0 ? { rateBps: 1500 } : {}),
  }));
  for (const product of products)
    append(`product-${product.productId}`, 'ProductListed', {
      ...product,
      occurredAt: at(START - DAY_MS),
    });
  const affiliates = Array.from({ length: AFFILIATES }, (_, i) => ({
    affiliateId: `aff_${i.toString(16).padStart(16, '0')}`,
    refCode: `ref-${i}`,
  }));
  for (const { affiliateId, refCode } of affiliates) {
    append(`refcode-${refCode}`, 'RefCodeClaimed', {
      refCode,
      affiliateId,
      occurredAt: at(START - DAY_MS),
    });
    append(`affiliate-${affiliateId}`, 'AffiliateRegistered', {
      affiliateId,
      name: refCode,
      email: `${refCode}@example.com`,
      emailHash: randomUUID(),
      refCode,
      productScope: 'all',
      rateBps: null,
      apiKeyHash: randomUUID(),
      occurredAt: at(START - DAY_MS),
    });
    append(`affiliate-${affiliateId}`, 'PayoutAccountSet', {
      affiliateId,
      account: { method: 'paypal', email: `${refCode}@example.com` },
      occurredAt: at(START - DAY_MS),
    });
  }
  await flush();

  const clicksPerDay = Math.ceil(clicks / DAYS);
  const recent = []; // ring of recent non-bot clicks, for orders to be attributed to
  const dueQueue = []; // { dueAt, commission }
  const dueBalance = new Map(); // affiliateId -> [{ commissionId, amountCents }]
  let clickCount = 0;
  let orderCount = 0;
  for (let day = 0; day < DAYS && clickCount < clicks; day++) {
    const dayStart = START + day * DAY_MS;
    const today = Math.min(clicksPerDay, clicks - clickCount);
    let orders = Math.round(today / 10);
    for (let i = 0; i < today;) {
      const visitor = visitorId();
      const affiliate = affiliates[Math.floor(random() ** 2 * AFFILIATES)];
      const times = Math.min(1 + pick(3), today - i);
      for (let k = 0; k < times; k++, i++) {
        const kind = ['canonical', 'product', 'purchase'][pick(3)];
        const product = kind === 'canonical' ? undefined : products[pick(PRODUCTS)];
        const bot = random() < 0.03;
        const click = {
          clickId: `${visitor}.${token(12)}`,
          visitorId: visitor,
          affiliateId: affiliate.affiliateId,
          refCode: affiliate.refCode,
          linkKind: kind,
          ...(product ? { productId: product.productId } : {}),
          ...(random() < 0.3
            ? { campaign: ['youtube-launch', 'newsletter', 'insta'][pick(3)] }
            : {}),
          bot,
          ipHash: token(43),
          occurredAt: at(dayStart + Math.floor(((i + 0.5) / today) * DAY_MS)),
        };
        append(`visitor-${visitor}`, 'ClickRecorded', click);
        clickCount++;
        if (!bot) {
          if (recent.length < 20_000) recent.push(click);
          else recent[pick(recent.length)] = click;
        }
      }
      // Orders are spread over the day, after the clicks that precede them.
      while (orders > 0 && (random() < 0.25 || i >= today)) {
        orders--;
        orderCount++;
        const click = recent[pick(recent.length)];
        const paidAt = Date.parse(click.occurredAt) + pick(DAY_MS);
        const lineCount = 1 + pick(2);
        const lines = Array.from({ length: lineCount }, () => ({
          productId: products[pick(PRODUCTS)].productId,
          quantity: 1,
          amountCents: 1000 + pick(9000),
        }));
        const totalCents = lines.reduce((s, l) => s + l.amountCents, 0);
        const attributed = random() < 0.9;
        const orderId = `o-${orderCount}`;
        const commissionLines = lines.map((l) => {
          const product = products[Number(l.productId.slice(2))];
          const rateBps = product.rateBps ?? 1000;
          return {
            productId: l.productId,
            amountCents: l.amountCents,
            rateBps,
            commissionCents: product.eligible ? Math.round((l.amountCents * rateBps) / 10_000) : 0,
            outcome: product.eligible ? 'earns' : 'ineligible',
          };
        });
        const commissionCents = commissionLines.reduce((s, l) => s + l.commissionCents, 0);
        const dueAt = paidAt + 30 * DAY_MS;
        const attribution = attributed
          ? {
              affiliateId: click.affiliateId,
              clickId: click.clickId,
              linkKind: click.linkKind,
              ...(click.campaign ? { campaign: click.campaign } : {}),
              rulesVersion: 1,
              model: 'last_click',
              lines: commissionLines,
              commissionCents,
              dueAt: at(dueAt),
            }
          : null;
        append(`order-${orderId}`, 'OrderPaid', {
          orderId,
          paidAt: at(paidAt),
          currency: 'USD',
          lines,
          totalCents,
          clickId: click.clickId,
          visitorId: click.visitorId,
          customerEmailHash: token(43),
          rulesVersion: 1,
          attribution,
          explanation: [
            {
              check: 'click',
              ok: attributed,
              detail: attributed ? `click ${click.clickId}` : 'no click in the window',
            },
          ],
          requestHash: token(43),
          source: 'api',
        });
        if (attribution && commissionCents > 0) {
          const commission = {
            commissionId: orderId,
            affiliateId: click.affiliateId,
            orderId,
            amountCents: commissionCents,
          };
          append(`ledger-${click.affiliateId}`, 'CommissionEarned', {
            ...commission,
            clickId: click.clickId,
            rulesVersion: 1,
            lines: commissionLines,
            currency: 'USD',
            earnedAt: at(paidAt),
            dueAt: at(dueAt),
          });
          if (random() < 0.05) {
            const refundId = `r-${orderCount}`;
            const refundedAt = at(paidAt + (1 + pick(20)) * 3_600_000);
            append(`order-${orderId}`, 'OrderRefunded', {
              orderId,
              refundId,
              refundedAt,
              amountCents: totalCents,
              source: 'api',
            });
            append(`ledger-${click.affiliateId}`, 'CommissionReversed', {
              reversalId: `refund:${refundId}`,
              commissionId: orderId,
              affiliateId: click.affiliateId,
              orderId,
              amountCents: commissionCents,
              reason: 'refund',
              clawback: false,
              balance: 'pending',
              occurredAt: refundedAt,
            });
          } else dueQueue.push({ dueAt, commission });
        }
      }
      if (pending.length >= 5000) await flush();
    }
    // End of the day: holds that ended become due; on the 1st of a month affiliates are paid.
    const dayEnd = dayStart + DAY_MS;
    dueQueue.sort((a, b) => a.dueAt - b.dueAt);
    while (dueQueue.length && dueQueue[0].dueAt < dayEnd) {
      const { commission } = dueQueue.shift();
      append(`ledger-${commission.affiliateId}`, 'CommissionDue', {
        commissionId: commission.commissionId,
        affiliateId: commission.affiliateId,
        amountCents: commission.amountCents,
        occurredAt: at(dayEnd - 1),
      });
      const list = dueBalance.get(commission.affiliateId) ?? [];
      list.push(commission);
      dueBalance.set(commission.affiliateId, list);
    }
    if (new Date(dayEnd).getUTCDate() === 1) {
      for (const [affiliateId, list] of dueBalance) {
        const amountCents = list.reduce((s, c) => s + c.amountCents, 0);
        if (amountCents < 5000) continue;
        const payoutId = `po-${affiliateId}-${day}`;
        const stream = `ledger-${affiliateId}`;
        append(stream, 'PayoutRequested', {
          payoutId,
          affiliateId,
          amountCents,
          currency: 'USD',
          account: { method: 'paypal', email: 'a@example.com' },
          commissionIds: list.map((c) => c.commissionId),
          clawbackIds: [],
          requestedAt: at(dayEnd),
        });
        append(stream, 'PayoutApproved', {
          payoutId,
          affiliateId,
          amountCents,
          approvedBy: 'admin',
          occurredAt: at(dayEnd + 3_600_000),
        });
        append(stream, 'PayoutSent', {
          payoutId,
          affiliateId,
          amountCents,
          providerRef: `pp-${payoutId}`,
          occurredAt: at(dayEnd + 7_200_000),
        });
        dueBalance.delete(affiliateId);
      }
    }
    if (day % 30 === 0)
      log(
        `generating: day ${day}, ${appended} events, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  }
  await flush();
  await store.close();
  renameSync(partial, path);
  rmSync(`${partial}-wal`, { force: true });
  rmSync(`${partial}-shm`, { force: true });
  log(
    `generated ${appended} events (${clickCount} clicks, ${orderCount} orders) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return { path, events: appended, clicks: clickCount, orders: orderCount };
};

module.exports = { ensureLog };
