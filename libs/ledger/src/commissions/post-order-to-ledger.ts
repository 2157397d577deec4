import { divideHalfUp } from '../money';
import type { OrderState } from '../orders/order-state';
import { effectiveDisputes } from '../orders/order-state';
import type { AffiliateLedger, CommissionEntry } from './affiliate-ledger';
import type { CommissionEarned, CommissionEvent } from './commission-events';

/**
 * Brings the affiliate's ledger in line with the order: the commission earned, then one reversal per
 * refund, and the reversal or restoration each dispute's outcome calls for. Every entry's id comes from its
 * cause, and entries already in the ledger are skipped, so calling this again (after a crash, a redelivery,
 * or a refund that arrived before its order) posts only what is missing.
 */
export const postOrderToLedger = (order: OrderState, ledger: AffiliateLedger): CommissionEvent[] => {
  const attribution = order.attribution;
  const commissionId = order.commissionId;
  if (!order.paid || !attribution || !commissionId || attribution.commissionCents === 0) return [];
  const paid = order.paid;
  const base = { commissionId, affiliateId: attribution.affiliateId, orderId: paid.orderId };
  const events: CommissionEvent[] = [];

  const known = ledger.commissions.get(commissionId);
  if (!known) events.push(commissionEarned(order));
  const entry: Pick<CommissionEntry, 'status' | 'payoutId' | 'earnedCents'> =
    known ?? { status: 'pending', payoutId: null, earnedCents: attribution.commissionCents };
  let reversedNet = known?.reversedCents ?? 0;
  const byCause = new Map(known?.reversedByCause ?? []);
  const where = { balance: entry.status, clawback: entry.payoutId !== null } as const;
  const reverse = (id: string, amountCents: number, reason: 'refund' | 'dispute_lost') => {
    const cents = Math.min(amountCents, entry.earnedCents - reversedNet);
    if (cents <= 0 || ledger.entryIds.has(id)) return;
    events.push({ type: 'CommissionReversed', data: { ...base, reversalId: id, amountCents: cents, reason, ...where, occurredAt: paid.paidAt } });
    reversedNet += cents;
    byCause.set(id.split('|')[0]!, (byCause.get(id.split('|')[0]!) ?? 0) + cents);
  };

  let previousTarget = 0;
  order.refunds.forEach((refund, index) => {
    const target = refundReversalTarget(order, index + 1);
    const id = `refund:${refund.refundId}|${commissionId}`;
    if (!ledger.entryIds.has(id)) reverse(id, target - previousTarget, 'refund');
    previousTarget = target;
  });

  for (const dispute of effectiveDisputes(order)) {
    const cause = `dispute:${dispute.disputeId}`;
    const taken = byCause.get(cause) ?? 0;
    if (dispute.status === 'lost' && taken === 0) {
      const share = Number(divideHalfUp(BigInt(entry.earnedCents) * BigInt(dispute.amountCents), BigInt(paid.totalCents)));
      reverse(`${cause}|lost|${dispute.closedAt}|${commissionId}`, share, 'dispute_lost');
    } else if (dispute.status === 'won' && taken > 0) {
      const id = `${cause}|won|${dispute.closedAt}|${commissionId}`;
      if (!ledger.entryIds.has(id)) {
        events.push({
          type: 'CommissionRestored',
          data: { ...base, restorationId: id, amountCents: taken, reason: 'dispute_won', balance: entry.status, occurredAt: dispute.closedAt },
        });
        reversedNet -= taken;
        byCause.set(cause, 0);
      }
    }
  }
  return events;
};

const commissionEarned = (order: OrderState): CommissionEarned => {
  const paid = order.paid!;
  const attribution = order.attribution!;
  const reattributionId = order.commissionId!.includes('~') ? order.commissionId!.split('~')[1] : undefined;
  return {
    type: 'CommissionEarned',
    data: {
      commissionId: order.commissionId!,
      affiliateId: attribution.affiliateId,
      orderId: paid.orderId,
      clickId: attribution.clickId,
      rulesVersion: attribution.rulesVersion,
      lines: attribution.lines,
      amountCents: attribution.commissionCents,
      currency: paid.currency,
      earnedAt: paid.paidAt,
      dueAt: attribution.dueAt,
      ...(reattributionId ? { reattributionId } : {}),
    },
  };
};

/**
 * How much commission the first `count` refunds take back, in total. Each product's commission is
 * reversed in proportion to the share of it refunded — its own line refunds plus its share of order-level
 * refunds — capped at all of it. Summed exactly, rounded half up once: a full refund reverses exactly the
 * whole commission, and partial refunds never drift by a cent.
 */
export const refundReversalTarget = (order: OrderState, count: number): number => {
  const paid = order.paid!;
  const attribution = order.attribution!;
  const refunds = order.refunds.slice(0, count);
  if (refunds.some((refund) => refund.amountCents === undefined && !refund.lines)) return attribution.commissionCents;

  const byProduct = new Map<string, { amount: bigint; commission: bigint; refunded: bigint }>();
  for (const line of attribution.lines) {
    const group = byProduct.get(line.productId) ?? { amount: 0n, commission: 0n, refunded: 0n };
    group.amount += BigInt(line.amountCents);
    group.commission += BigInt(line.commissionCents);
    byProduct.set(line.productId, group);
  }
  let orderLevel = 0n;
  for (const refund of refunds) {
    orderLevel += BigInt(refund.amountCents ?? 0);
    for (const line of refund.lines ?? []) {
      const group = byProduct.get(line.productId);
      if (group) group.refunded += BigInt(line.amountCents);
    }
  }
  const total = BigInt(paid.totalCents);
  let numerator = 0n;
  let denominator = 1n;
  for (const group of byProduct.values()) {
    if (group.amount === 0n || group.commission === 0n) continue;
    const termDenominator = group.amount * total;
    let termNumerator = group.commission * (group.refunded * total + orderLevel * group.amount);
    if (termNumerator > group.commission * termDenominator) termNumerator = group.commission * termDenominator;
    numerator = numerator * termDenominator + termNumerator * denominator;
    denominator *= termDenominator;
  }
  return Number(divideHalfUp(numerator, denominator));
};
