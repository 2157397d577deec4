import { assert } from '../decider';
import { divideHalfUp } from '../money';
import type { OrderState } from '../orders/order-state';
import { effectiveDisputes } from '../orders/order-state';
import { causeOf, type AffiliateLedger, type CommissionEntry } from './affiliate-ledger';
import type { CommissionEarned, CommissionEvent } from './commission-events';

/**
 * Brings the affiliate's ledger in line with the order: the commission earned, the restoration each won
 * dispute calls for, one reversal per refund, and the reversal each lost dispute calls for. Every entry's id comes from its
 * cause, and entries already in the ledger are skipped, so calling this again (after a crash, a redelivery,
 * or a refund that arrived before its order) posts only what is missing.
 */
export const postOrderToLedger = (
  order: OrderState,
  ledger: AffiliateLedger,
): CommissionEvent[] => {
  const attribution = order.attribution;
  const commissionId = order.commissionId;
  if (!order.paid || !attribution || !commissionId || attribution.commissionCents === 0) return [];
  const paid = order.paid;
  const base = { commissionId, affiliateId: attribution.affiliateId, orderId: paid.orderId };
  const events: CommissionEvent[] = [];

  const known = ledger.commissions.get(commissionId);
  if (!known) events.push(commissionEarned(order));
  const entry: Pick<CommissionEntry, 'status' | 'payoutId' | 'earnedCents'> = known ?? {
    status: 'pending',
    payoutId: null,
    earnedCents: attribution.commissionCents,
  };
  let reversedNet = known?.reversedCents ?? 0;
  const byCause = new Map(known?.reversedByCause ?? []);
  const where = { balance: entry.status, clawback: entry.payoutId !== null } as const;
  const reverse = (
    id: string,
    amountCents: number,
    reason: 'refund' | 'dispute_lost',
    at: string,
  ) => {
    const cents = Math.min(amountCents, entry.earnedCents - reversedNet);
    if (cents <= 0 || ledger.entryIds.has(id)) return;
    events.push({
      type: 'CommissionReversed',
      data: {
        ...base,
        reversalId: id,
        amountCents: cents,
        reason,
        ...where,
        occurredAt: laterOf(paid.paidAt, at),
      },
    });
    reversedNet += cents;
    byCause.set(causeOf(id), (byCause.get(causeOf(id)) ?? 0) + cents);
  };

  let previousTarget = 0;
  const refunds = order.refunds.map((refund, index) => {
    const target = refundReversalTarget(order, index + 1);
    const share = {
      refund,
      id: `refund:${refund.refundId}|${commissionId}`,
      cents: target - previousTarget,
    };
    previousTarget = target;
    return share;
  });
  // What refunds already posted took less than their share: a lost dispute had taken that commission first.
  let shortfall = refunds
    .filter(({ id }) => ledger.entryIds.has(id))
    .reduce(
      (total, { refund, cents }) =>
        total + Math.max(cents - (byCause.get(`refund:${refund.refundId}`) ?? 0), 0),
      0,
    );
  const disputes = effectiveDisputes(order);

  // Restorations first, so that refunds posted after them find the room they free.
  for (const dispute of disputes.filter((d) => d.status === 'won')) {
    const cause = `dispute:${dispute.disputeId}`;
    const taken = byCause.get(cause) ?? 0;
    // A won dispute gives back what it took, except what stands in for refunds that found it taken.
    const kept = Math.min(taken, shortfall);
    shortfall -= kept;
    const id = `${cause}|won|${dispute.closedAt}|${commissionId}`;
    const cents = taken - kept;
    if (cents <= 0 || ledger.entryIds.has(id)) continue;
    events.push({
      type: 'CommissionRestored',
      data: {
        ...base,
        restorationId: id,
        amountCents: cents,
        reason: 'dispute_won',
        balance: entry.status,
        occurredAt: laterOf(paid.paidAt, dispute.closedAt),
      },
    });
    reversedNet -= cents;
    byCause.set(cause, kept);
  }

  for (const { refund, id, cents } of refunds) {
    if (!ledger.entryIds.has(id)) reverse(id, cents, 'refund', refund.refundedAt);
  }

  for (const dispute of disputes.filter((d) => d.status === 'lost')) {
    const cause = `dispute:${dispute.disputeId}`;
    if ((byCause.get(cause) ?? 0) !== 0) continue;
    const share = Number(
      divideHalfUp(
        BigInt(entry.earnedCents) * BigInt(dispute.amountCents),
        BigInt(paid.totalCents),
      ),
    );
    reverse(
      `${cause}|lost|${dispute.closedAt}|${commissionId}`,
      share,
      'dispute_lost',
      dispute.closedAt,
    );
  }
  return events;
};

/** An entry is dated when its cause happened, never before the order it corrects (a refund may precede it). */
const laterOf = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);

const commissionEarned = (order: OrderState): CommissionEarned => {
  const { paid, attribution, commissionId } = order;
  assert(paid && attribution && commissionId, 'a commission is earned by a paid, attributed order');
  const reattributionId = commissionId.includes('~') ? commissionId.split('~')[1] : undefined;
  return {
    type: 'CommissionEarned',
    data: {
      commissionId,
      affiliateId: attribution.affiliateId,
      orderId: paid.orderId,
      ...(attribution.clickId ? { clickId: attribution.clickId } : {}),
      ...(attribution.promoCode ? { promoCode: attribution.promoCode } : {}),
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
 * How much commission the first `count` refunds take back, in total. A line refund takes from its own
 * product; order-level refunds are spread over what the line refunds left of each product, in proportion.
 * Each product's commission is reversed in the share of it refunded, capped at all of it. Summed exactly,
 * rounded half up once: a full refund — however it was split — reverses exactly the whole commission,
 * partial refunds never drift by a cent, and the total only grows as refunds are added.
 */
export const refundReversalTarget = (order: OrderState, count: number): number => {
  const attribution = order.attribution;
  assert(attribution, 'refunds reverse the commission of an attributed order');
  const refunds = order.refunds.slice(0, count);
  if (refunds.some((refund) => refund.amountCents === undefined && !refund.lines))
    return attribution.commissionCents;

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
  let rest = 0n;
  for (const group of byProduct.values()) {
    if (group.refunded > group.amount) group.refunded = group.amount;
    rest += group.amount - group.refunded;
  }
  const spread = orderLevel < rest ? orderLevel : rest;
  const restOrOne = rest === 0n ? 1n : rest;
  // Σ commission × (lineRefunded + spread × lineRest / rest) / amount, as one fraction.
  let numerator = 0n;
  let denominator = 1n;
  for (const group of byProduct.values()) {
    if (group.amount === 0n || group.commission === 0n) continue;
    const termDenominator = group.amount * restOrOne;
    const termNumerator =
      group.commission * (group.refunded * restOrOne + spread * (group.amount - group.refunded));
    numerator = numerator * termDenominator + termNumerator * denominator;
    denominator *= termDenominator;
  }
  return Number(divideHalfUp(numerator, denominator));
};
