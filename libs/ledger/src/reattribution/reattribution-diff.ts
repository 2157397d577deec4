import type { Attribution } from '../orders/order-events';
import type { AttributionSummary, ReattributionChange } from './reattribution-events';

export const summaryOf = (attribution: Attribution | null): AttributionSummary => ({
  affiliateId: attribution?.affiliateId ?? null,
  commissionCents: attribution?.commissionCents ?? 0,
});

/** A change: another affiliate earns the order, or the commission differs. Another click of the same affiliate is not one. */
export const isChange = (before: AttributionSummary, after: AttributionSummary): boolean =>
  before.affiliateId !== after.affiliateId || before.commissionCents !== after.commissionCents;

/** Σ (after − before) per affiliate, zeros left out, by affiliate id. */
export const deltaByAffiliate = (
  changes: readonly ReattributionChange[],
): { affiliateId: string; deltaCents: number }[] => {
  const deltas = new Map<string, number>();
  const add = (affiliateId: string | null, cents: number) => {
    if (affiliateId !== null) deltas.set(affiliateId, (deltas.get(affiliateId) ?? 0) + cents);
  };
  for (const { before, after } of changes) {
    add(before.affiliateId, -before.commissionCents);
    add(after.affiliateId, after.commissionCents);
  }
  return [...deltas]
    .filter(([, deltaCents]) => deltaCents !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([affiliateId, deltaCents]) => ({ affiliateId, deltaCents }));
};
