import fc from 'fast-check';
import type { LedgerEvent, LinkKind } from '@threadtrak/ledger';
import {
  click,
  commissionDue,
  commissionEarned,
  commissionRestored,
  commissionReversed,
  orderPaid,
  orderReattributed,
  orderRefunded,
  payoutApproved,
  payoutFailed,
  payoutRejected,
  payoutRequested,
  payoutSent,
  rulesChanged,
} from './ledger-events';

const DAY_MS = 86_400_000;
const START = Date.parse('2025-05-01T00:00:00.000Z');

/** Instants crowded around UTC midnights, where day bucketing goes wrong if it does. */
const instant = fc
  .record({
    day: fc.integer({ min: 0, max: 3 }),
    ms: fc.constantFrom(0, 1, 43_200_000, DAY_MS - 1),
  })
  .map(({ day, ms }) => new Date(START + day * DAY_MS + ms).toISOString());

const command = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('click' as const),
      affiliate: fc.nat(2),
      visitor: fc.nat(3),
      linkKind: fc.constantFrom<LinkKind>('canonical', 'product', 'purchase'),
      product: fc.nat(1),
      campaign: fc.constantFrom(undefined, 'spring', 'autumn'),
      bot: fc.constantFrom(false, false, false, true),
      at: instant,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      affiliate: fc.option(fc.nat(2)),
      totalCents: fc.integer({ min: 100, max: 50_000 }),
      rateBps: fc.integer({ min: 0, max: 3_000 }),
      linkKind: fc.constantFrom<LinkKind>('canonical', 'product', 'purchase'),
      campaign: fc.constantFrom(undefined, 'spring'),
      at: instant,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('refund' as const), order: fc.nat(12), at: instant }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reattribute' as const),
      order: fc.nat(12),
      affiliate: fc.option(fc.nat(2)),
      campaign: fc.constantFrom(undefined, 'autumn'),
      commissionCents: fc.nat(2_000),
    }),
  },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('due' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reverse' as const),
      pick: fc.nat(),
      part: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      affiliate: fc.nat(2),
      at: instant,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('outcome' as const),
      pick: fc.nat(),
      outcome: fc.constantFrom('approved', 'sent', 'failed', 'rejected'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rules' as const),
      currency: fc.constantFrom('USD', 'EUR'),
    }),
  },
);

interface Commission {
  id: string;
  affiliateId: string;
  amount: number;
  reversed: number;
  due: boolean;
  payoutId?: string;
}
interface Payout {
  id: string;
  affiliateId: string;
  amount: number;
  commissionIds: string[];
  approved: boolean;
}

/** A valid history: the ledger events a well-behaved write side could have appended, in order. */
export const ledgerHistory = fc
  .array(command, { minLength: 1, maxLength: 80, size: 'large' })
  .map((commands) => {
    const events: LedgerEvent[] = [];
    const commissions: Commission[] = [];
    const open: Payout[] = [];
    let orders = 0;
    let payouts = 0;
    let refunds = 0;
    const pick = <T>(items: T[], n: number): T | undefined =>
      items.length ? items[n % items.length] : undefined;

    for (const c of commands) {
      switch (c.kind) {
        case 'click':
          events.push(
            click({
              at: c.at,
              affiliateId: `aff-${c.affiliate}`,
              visitorId: `v${c.visitor}`,
              linkKind: c.linkKind,
              ...(c.linkKind !== 'canonical' && { productId: `p${c.product}` }),
              campaign: c.campaign,
              bot: c.bot,
            }),
          );
          break;
        case 'order': {
          const orderId = `o${orders++}`;
          const affiliateId = c.affiliate === null ? undefined : `aff-${c.affiliate}`;
          const commissionCents = Math.round((c.totalCents * c.rateBps) / 10_000);
          events.push(
            orderPaid({
              orderId,
              paidAt: c.at,
              totalCents: c.totalCents,
              ...(affiliateId && {
                attributedTo: {
                  affiliateId,
                  commissionCents,
                  linkKind: c.linkKind,
                  campaign: c.campaign,
                },
              }),
            }),
          );
          if (affiliateId && commissionCents > 0) {
            events.push(
              commissionEarned({
                commissionId: orderId,
                affiliateId,
                amountCents: commissionCents,
                earnedAt: c.at,
              }),
            );
            commissions.push({
              id: orderId,
              affiliateId,
              amount: commissionCents,
              reversed: 0,
              due: false,
            });
          }
          break;
        }
        case 'refund':
          events.push(orderRefunded(`o${c.order}`, `r${refunds++}`, c.at));
          break;
        case 'reattribute':
          // Only the traffic side: the compensating commission entries are covered by reverse/earn above.
          if (c.order < orders)
            events.push(
              orderReattributed(
                `o${c.order}`,
                `re${events.length}`,
                c.affiliate === null
                  ? null
                  : {
                      affiliateId: `aff-${c.affiliate}`,
                      commissionCents: c.commissionCents,
                      campaign: c.campaign,
                    },
              ),
            );
          break;
        case 'due': {
          const commission = pick(
            commissions.filter((each) => !each.due),
            c.pick,
          );
          if (!commission) break;
          commission.due = true;
          events.push(
            commissionDue(
              commission.id,
              commission.amount - commission.reversed,
              commission.affiliateId,
            ),
          );
          break;
        }
        case 'reverse': {
          const commission = pick(
            commissions.filter((each) => each.reversed < each.amount),
            c.pick,
          );
          if (!commission) break;
          const amountCents = Math.max(
            1,
            Math.floor((commission.amount - commission.reversed) / c.part),
          );
          commission.reversed += amountCents;
          events.push(
            commissionReversed({
              commissionId: commission.id,
              affiliateId: commission.affiliateId,
              amountCents,
              balance: commission.due ? 'due' : 'pending',
              reversalId: `rev${events.length}`,
              clawback: !!commission.payoutId,
            }),
          );
          break;
        }
        case 'restore': {
          const commission = pick(
            commissions.filter((each) => each.reversed > 0),
            c.pick,
          );
          if (!commission) break;
          events.push(
            commissionRestored({
              commissionId: commission.id,
              affiliateId: commission.affiliateId,
              amountCents: commission.reversed,
              balance: commission.due ? 'due' : 'pending',
            }),
          );
          commission.reversed = 0;
          break;
        }
        case 'request': {
          const affiliateId = `aff-${c.affiliate}`;
          if (open.some((payout) => payout.affiliateId === affiliateId)) break;
          const paying = commissions.filter(
            (each) =>
              each.affiliateId === affiliateId &&
              each.due &&
              !each.payoutId &&
              each.reversed < each.amount,
          );
          const amount = paying.reduce((total, each) => total + each.amount - each.reversed, 0);
          if (amount <= 0) break;
          const payout: Payout = {
            id: `pay${payouts++}`,
            affiliateId,
            amount,
            commissionIds: paying.map((each) => each.id),
            approved: false,
          };
          paying.forEach((each) => (each.payoutId = payout.id));
          open.push(payout);
          events.push(
            payoutRequested({
              payoutId: payout.id,
              affiliateId,
              amountCents: amount,
              commissionIds: payout.commissionIds,
              requestedAt: c.at,
            }),
          );
          break;
        }
        case 'outcome': {
          const payout = pick(open, c.pick);
          if (!payout) break;
          if (c.outcome === 'approved') {
            if (!payout.approved)
              events.push(payoutApproved(payout.id, payout.amount, payout.affiliateId));
            payout.approved = true;
            break;
          }
          open.splice(open.indexOf(payout), 1);
          const settled = commissions.filter((each) => each.payoutId === payout.id);
          if (c.outcome === 'sent') {
            events.push(payoutSent(payout.id, payout.amount, payout.affiliateId));
            settled.forEach((each) => (each.payoutId = `paid:${payout.id}`));
          } else {
            events.push(
              c.outcome === 'failed'
                ? payoutFailed(payout.id, payout.amount, payout.affiliateId)
                : payoutRejected(payout.id, payout.amount, payout.affiliateId),
            );
            settled.forEach((each) => delete each.payoutId);
          }
          break;
        }
        case 'rules':
          events.push(rulesChanged(c.currency));
          break;
      }
    }
    return events;
  });

/** Batch sizes for a live run: any split of the log. */
export const batchSplits = fc.array(fc.integer({ min: 1, max: 9 }), {
  minLength: 1,
  maxLength: 10,
});
