import { addDays } from '../time';
import { sum } from '../money';
import type { AttributionCheck } from '../orders/order-events';
import { commissionLine, type AttributionDecision, type AttributionFacts } from './attribute-order';

/**
 * An order carrying a promotion code held by an active affiliate is that affiliate's, clicks or not
 * (the code wins). Otherwise the checks say why the code did not count and clicks decide.
 */
export const attributeByPromoCode = (
  facts: AttributionFacts,
): { decision: AttributionDecision | null; explanation: AttributionCheck[] } => {
  const promo = facts.promoCode;
  if (!promo) return { decision: null, explanation: [] };
  const owner = promo.owner ? facts.affiliates.get(promo.owner) : undefined;
  const refused = (detail: string) => ({
    decision: null,
    explanation: [{ check: 'promo_code' as const, ok: false, detail }],
  });
  if (!owner) return refused(`promotion code ${promo.code} belongs to no affiliate`);
  if (owner.status !== 'active')
    return refused(
      `promotion code ${promo.code} belongs to ${owner.affiliateId}, who is suspended`,
    );
  if (facts.order.customerEmailHash && owner.emailHash === facts.order.customerEmailHash) {
    return refused(`promotion code ${promo.code} is the customer's own (self-referral)`);
  }
  const explanation: AttributionCheck[] = [
    {
      check: 'promo_code',
      ok: true,
      detail: `promotion code ${promo.code} of ${owner.affiliateId} wins over ${facts.clicks.length} click(s)`,
    },
  ];
  const lines = facts.order.lines.map((line) =>
    commissionLine(line, owner, facts.products, facts.rules),
  );
  const earning = lines.filter((line) => line.outcome === 'earns').length;
  explanation.push(
    {
      check: 'scope',
      ok: lines.every((line) => line.outcome !== 'out_of_scope'),
      detail: `${lines.filter((l) => l.outcome === 'out_of_scope').length} line(s) outside the affiliate's product scope`,
    },
    {
      check: 'eligibility',
      ok: earning > 0,
      detail: `${earning} of ${lines.length} line(s) earn commission`,
    },
  );
  return {
    decision: {
      attribution: {
        affiliateId: owner.affiliateId,
        promoCode: promo.code,
        rulesVersion: facts.rulesVersion,
        model: facts.rules.attributionModel,
        lines,
        commissionCents: sum(lines.map((line) => line.commissionCents)),
        dueAt: addDays(facts.order.paidAt, facts.rules.holdDays),
      },
      explanation,
    },
    explanation: [],
  };
};
