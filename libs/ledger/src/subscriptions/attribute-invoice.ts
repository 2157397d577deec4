import type { AffiliateState } from '../affiliates/affiliate-state';
import { commissionLine, type AttributionDecision } from '../attribution/attribute-order';
import type { Product } from '../catalog/product';
import { sum } from '../money';
import type { AttributionCheck, OrderLine } from '../orders/order-events';
import type { ProgramRules } from '../program/program-rules';
import { addDays } from '../time';
import type { SubscriptionBound } from './subscription';

export interface InvoiceAttributionFacts {
  order: { paidAt: string; lines: OrderLine[] };
  subscriptionId: string;
  /** null: the subscription's checkout has not arrived (yet). */
  bound: SubscriptionBound['data'] | null;
  /** 1 for the subscription's first paid invoice. */
  ordinal: number;
  rules: ProgramRules;
  rulesVersion: number;
  affiliates: ReadonlyMap<string, AffiliateState>;
  products: ReadonlyMap<string, Product>;
}

/**
 * A subscription's paid invoice earns for the affiliate its checkout bound it to, while it is among the
 * first `recurringPayments` paid invoices (null: all of them). Past that it is recorded as the affiliate's
 * with 0 commission. Scope, eligibility and rates apply per line as for any order. Pure.
 */
export const attributeInvoice = (facts: InvoiceAttributionFacts): AttributionDecision => {
  const explanation: AttributionCheck[] = [];
  const check = (name: AttributionCheck['check'], ok: boolean, detail: string) =>
    explanation.push({ check: name, ok, detail });
  if (!facts.bound) {
    check(
      'subscription',
      false,
      `subscription ${facts.subscriptionId} is not bound yet: attributed when its checkout arrives`,
    );
    return { attribution: null, explanation };
  }
  const binding = facts.bound.binding;
  if (!binding) {
    check(
      'subscription',
      false,
      `subscription ${facts.subscriptionId}'s checkout was attributed to nobody`,
    );
    return { attribution: null, explanation: [...explanation, ...facts.bound.explanation] };
  }
  check(
    'subscription',
    true,
    `subscription ${facts.subscriptionId} is bound to ${binding.affiliateId} (session ${facts.bound.sessionId})`,
  );
  const affiliate = facts.affiliates.get(binding.affiliateId);
  check(
    'affiliate_active',
    affiliate?.status === 'active',
    affiliate?.status === 'active'
      ? 'the affiliate is active'
      : 'the affiliate is unknown or suspended',
  );
  if (!affiliate || affiliate.status !== 'active') return { attribution: null, explanation };

  const limit = facts.rules.recurringPayments;
  const within = limit === null || facts.ordinal <= limit;
  check(
    'recurring_limit',
    within,
    `paid invoice ${facts.ordinal} of the subscription; recurringPayments ${limit ?? 'null (every invoice earns)'}` +
      (within ? '' : `: only the first ${limit} earn, this one earns 0`),
  );
  const lines = facts.order.lines
    .map((line) => commissionLine(line, affiliate, facts.products, facts.rules))
    .map((line) =>
      within || line.outcome !== 'earns'
        ? line
        : { ...line, rateBps: 0, commissionCents: 0, outcome: 'past_recurring_limit' as const },
    );
  const earning = lines.filter((line) => line.outcome === 'earns').length;
  check(
    'scope',
    lines.every((line) => line.outcome !== 'out_of_scope'),
    `${lines.filter((l) => l.outcome === 'out_of_scope').length} line(s) outside the affiliate's product scope`,
  );
  check('eligibility', earning > 0, `${earning} of ${lines.length} line(s) earn commission`);
  return {
    attribution: {
      affiliateId: binding.affiliateId,
      ...(binding.clickId ? { clickId: binding.clickId } : {}),
      ...(binding.linkKind ? { linkKind: binding.linkKind } : {}),
      ...(binding.campaign ? { campaign: binding.campaign } : {}),
      ...(binding.promoCode ? { promoCode: binding.promoCode } : {}),
      subscriptionId: facts.subscriptionId,
      rulesVersion: facts.rulesVersion,
      model: facts.rules.attributionModel,
      lines,
      commissionCents: sum(lines.map((line) => line.commissionCents)),
      dueAt: addDays(facts.order.paidAt, facts.rules.holdDays),
    },
    explanation,
  };
};
