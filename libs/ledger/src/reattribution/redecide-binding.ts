import type { AffiliateState } from '../affiliates/affiliate-state';
import { attributeOrder } from '../attribution/attribute-order';
import type { ClickRecorded } from '../clicks/click-recorded';
import type { ProgramRules } from '../program/program-rules';
import type { SubscriptionBinding, SubscriptionBound } from '../subscriptions/subscription';

/**
 * A subscription's checkout decided again under other rules, from the same facts its binding recorded
 * (the visitor's clicks before it, the promotion code, the customer): as the write side binds, with no lines.
 */
export const redecideBinding = (
  bound: SubscriptionBound['data'],
  facts: {
    clicks: readonly ClickRecorded['data'][];
    rules: ProgramRules;
    rulesVersion: number;
    affiliates: ReadonlyMap<string, AffiliateState>;
    promoCodeOwner: string | null;
  },
): SubscriptionBound['data'] => {
  const decision = attributeOrder({
    order: {
      paidAt: bound.boundAt,
      lines: [],
      ...(bound.customerEmailHash ? { customerEmailHash: bound.customerEmailHash } : {}),
    },
    clicks: facts.clicks,
    rules: facts.rules,
    rulesVersion: facts.rulesVersion,
    affiliates: facts.affiliates,
    products: new Map(),
    ...(bound.promoCode
      ? { promoCode: { code: bound.promoCode, owner: facts.promoCodeOwner } }
      : {}),
  });
  const won = decision.attribution;
  const binding: SubscriptionBinding | null = won && {
    affiliateId: won.affiliateId,
    ...(won.clickId ? { clickId: won.clickId } : {}),
    ...(won.linkKind ? { linkKind: won.linkKind } : {}),
    ...(won.campaign ? { campaign: won.campaign } : {}),
    ...(won.promoCode ? { promoCode: won.promoCode } : {}),
  };
  return {
    ...bound,
    rulesVersion: facts.rulesVersion,
    binding,
    explanation: decision.explanation.filter(
      (check) => check.check !== 'scope' && check.check !== 'eligibility',
    ),
  };
};

export const sameBinding = (
  a: SubscriptionBinding | null,
  b: SubscriptionBinding | null,
): boolean =>
  (a?.affiliateId ?? null) === (b?.affiliateId ?? null) &&
  (a?.clickId ?? null) === (b?.clickId ?? null) &&
  (a?.promoCode ?? null) === (b?.promoCode ?? null);
