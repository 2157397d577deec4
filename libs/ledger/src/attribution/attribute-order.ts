import type { AffiliateState } from '../affiliates/affiliate-state';
import { inScope } from '../affiliates/affiliate-state';
import type { Product } from '../catalog/product';
import type { ClickRecorded } from '../clicks/click-recorded';
import { assert } from '../decider';
import { commissionOf, sum } from '../money';
import { isChargeLine } from '../orders/charge-lines';
import { attributeByPromoCode } from './promo-code-attribution';
import type {
  Attribution,
  AttributionCheck,
  CommissionLine,
  OrderLine,
} from '../orders/order-events';
import type { ProgramRules } from '../program/program-rules';
import { addDays, DAY } from '../time';

type Click = ClickRecorded['data'];

export interface OrderToAttribute {
  paidAt: string;
  lines: OrderLine[];
  customerEmailHash?: string;
  /** The click the order names (`clickId` of the API, Stripe's `client_reference_id`). */
  clickId?: string;
}

/** Default of `clickSkewMs` (`CLICK_SKEW_SECONDS`, 300). */
export const DEFAULT_CLICK_SKEW_MS = 300_000;

/** Everything attribution may look at, all read from the log: it never consults a read model. */
export interface AttributionFacts {
  order: OrderToAttribute;
  /** The visitor's clicks (any order; bots included — they are filtered here). */
  clicks: readonly Click[];
  rules: ProgramRules;
  rulesVersion: number;
  affiliates: ReadonlyMap<string, AffiliateState>;
  products: ReadonlyMap<string, Product>;
  /**
   * How long after `paidAt` the order's own click may be and still count: the shop's clock and ours
   * differ, and Stripe's `created` is in whole seconds. Only the named click gets it. Default 0.
   */
  clickSkewMs?: number;
  /** The promotion code the order carried and the affiliate holding it (null: nobody); it wins over clicks. */
  promoCode?: { code: string; owner: string | null };
}

export interface AttributionDecision {
  attribution: Attribution | null;
  explanation: AttributionCheck[];
}

/**
 * Which affiliate's click earns the order, and how much per line. Pure and deterministic:
 * the same facts always give the same decision.
 *
 * A click can win when it is a human click (not a bot), inside the cookie window before the payment,
 * from an active affiliate, and not a self-referral. Among those, `last_click` takes the latest and
 * `first_click` the earliest (ties broken by click id). The click the order names is in the window up
 * to `clickSkewMs` after the payment, and under `last_click` it wins when it passes every check: it is
 * the click the shop saw the shopper arrive by (see docs/decisions.md). Then each line earns at the
 * locked rate when its product is known, eligible and in the affiliate's scope.
 */
export const attributeOrder = (facts: AttributionFacts): AttributionDecision => {
  const { order, rules } = facts;
  const explanation: AttributionCheck[] = [];
  const check = (name: AttributionCheck['check'], ok: boolean, detail: string) =>
    explanation.push({ check: name, ok, detail });
  const byCode = attributeByPromoCode(facts);
  if (byCode.decision) return byCode.decision;
  explanation.push(...byCode.explanation);

  if (facts.clicks.length === 0) {
    check('click', false, 'no click known for this visitor or click id');
    return { attribution: null, explanation };
  }
  const named = order.clickId
    ? facts.clicks.find((click) => click.clickId === order.clickId)
    : undefined;
  const naming = !order.clickId
    ? ''
    : named
      ? `; the order names click ${order.clickId}`
      : `; the order's click ${order.clickId} is not among them`;
  check('click', true, `${facts.clicks.length} click(s) of this visitor considered${naming}`);

  const humans = facts.clicks.filter((click) => !click.bot);
  check('bot', humans.length > 0, `${facts.clicks.length - humans.length} bot click(s) ignored`);

  const paidAt = Date.parse(order.paidAt);
  const windowMs = rules.cookieWindowDays * DAY;
  const skewMs = facts.clickSkewMs ?? 0;
  const inWindow = humans.filter((click) => {
    const age = paidAt - Date.parse(click.occurredAt);
    const earliest = click.clickId === order.clickId ? -skewMs : 0;
    return age >= earliest && age <= windowMs;
  });
  check(
    'window',
    inWindow.length > 0,
    `${inWindow.length} click(s) within ${rules.cookieWindowDays} day(s) before payment${skewNote(named, paidAt, skewMs)}`,
  );

  const active = inWindow.filter(
    (click) => facts.affiliates.get(click.affiliateId)?.status === 'active',
  );
  if (inWindow.length > 0)
    check(
      'affiliate_active',
      active.length > 0,
      `${inWindow.length - active.length} click(s) of unknown or suspended affiliates ignored`,
    );

  const honest = active.filter(
    (click) =>
      !order.customerEmailHash ||
      facts.affiliates.get(click.affiliateId)?.emailHash !== order.customerEmailHash,
  );
  if (active.length > 0)
    check(
      'self_referral',
      honest.length > 0,
      `${active.length - honest.length} click(s) by the customer's own affiliate account ignored`,
    );

  const namedWins =
    rules.attributionModel === 'last_click' && named !== undefined && honest.includes(named);
  const winner = namedWins ? named : pickClick(honest, rules.attributionModel);
  if (!winner) return { attribution: null, explanation };

  const affiliate = facts.affiliates.get(winner.affiliateId);
  assert(
    affiliate,
    `the winning click's affiliate (${winner.affiliateId}) is among the candidates'`,
  );
  const lines = order.lines.map((line) => commissionLine(line, affiliate, facts.products, rules));
  const earning = lines.filter((line) => line.outcome === 'earns').length;
  check(
    'scope',
    lines.every((line) => line.outcome !== 'out_of_scope'),
    `${lines.filter((l) => l.outcome === 'out_of_scope').length} line(s) outside the affiliate's product scope`,
  );
  check('eligibility', earning > 0, `${earning} of ${lines.length} line(s) earn commission`);

  return {
    attribution: {
      affiliateId: winner.affiliateId,
      clickId: winner.clickId,
      linkKind: winner.linkKind,
      ...(winner.campaign ? { campaign: winner.campaign } : {}),
      rulesVersion: facts.rulesVersion,
      model: rules.attributionModel,
      lines,
      commissionCents: sum(lines.map((line) => line.commissionCents)),
      dueAt: addDays(order.paidAt, rules.holdDays),
    },
    explanation,
  };
};

/** What the window check says of the order's own click when it came after the payment. */
const skewNote = (named: Click | undefined, paidAt: number, skewMs: number): string => {
  if (!named) return '';
  const lateMs = Date.parse(named.occurredAt) - paidAt;
  if (lateMs <= 0) return '';
  const late = `the order's click is ${lateMs / 1000} s after payment`;
  return lateMs <= skewMs
    ? `; ${late}, within the ${skewMs / 1000} s clock-skew tolerance`
    : `; ${late}, beyond the ${skewMs / 1000} s clock-skew tolerance`;
};

const pickClick = (
  clicks: readonly Click[],
  model: ProgramRules['attributionModel'],
): Click | undefined => {
  const sorted = [...clicks].sort(
    (a, b) =>
      Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
      (a.clickId < b.clickId ? -1 : a.clickId > b.clickId ? 1 : 0),
  );
  return model === 'first_click' ? sorted[0] : sorted[sorted.length - 1];
};

/** Rate precedence: the affiliate's override, then the product's rate, then the program default. */
export const commissionLine = (
  line: OrderLine,
  affiliate: AffiliateState,
  products: ReadonlyMap<string, Product>,
  rules: ProgramRules,
): CommissionLine => {
  const product = products.get(line.productId);
  const base = { productId: line.productId, amountCents: line.amountCents };
  if (isChargeLine(line.productId))
    return { ...base, rateBps: 0, commissionCents: 0, outcome: 'not_commissionable' };
  if (!product) return { ...base, rateBps: 0, commissionCents: 0, outcome: 'unknown_product' };
  if (!product.eligible) return { ...base, rateBps: 0, commissionCents: 0, outcome: 'ineligible' };
  if (!inScope(affiliate.productScope, line.productId))
    return { ...base, rateBps: 0, commissionCents: 0, outcome: 'out_of_scope' };
  const rateBps = affiliate.rateBps ?? product.rateBps ?? rules.defaultRateBps;
  return {
    ...base,
    rateBps,
    commissionCents: commissionOf(line.amountCents, rateBps),
    outcome: 'earns',
  };
};
