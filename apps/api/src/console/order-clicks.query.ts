import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EventLog, ExplainOrder, Facts } from '@threadtrak/application';
import {
  DAY,
  DEFAULT_CLICK_SKEW_MS,
  DEFAULT_RULES,
  streams,
  type ClickRecorded,
  type OrderReattributed,
  type ProgramRules,
  type ReattributionApplied,
} from '@threadtrak/ledger';
import { notFound } from '../admin/not-found';

/** What became of one click of the buyer when the order was decided. */
export type ClickVerdict = 'won' | 'considered' | 'bot' | 'outside_window' | 'after_payment';

export interface ClickOnTimeline {
  clickId: string;
  affiliateId: string;
  occurredAt: string;
  linkKind: string;
  campaign: string | null;
  /** The click the order names (`clickId`, Stripe's `client_reference_id`). */
  named: boolean;
  verdict: ClickVerdict;
}

/** The buyer's clicks around the payment, for the console's timeline of an order. */
export interface OrderClicks {
  orderId: string;
  visitorId: string | null;
  paidAt: string;
  cookieWindowDays: number;
  /** paidAt − cookie window: clicks before it could not earn the order. */
  windowStart: string;
  clicks: ClickOnTimeline[];
}

/** `GET /v1/console/orders/{orderId}/clicks`: the visitor's clicks on a timeline, each with its verdict. */
export class OrderClicksQuery extends Query<OrderClicks> {
  constructor(readonly orderId: string) {
    super();
  }
}

@QueryHandler(OrderClicksQuery)
export class OrderClicksHandler implements IQueryHandler<OrderClicksQuery> {
  constructor(
    private readonly explainOrder: ExplainOrder,
    private readonly facts: Facts,
    private readonly log: EventLog,
  ) {}

  async execute({ orderId }: OrderClicksQuery): Promise<OrderClicks> {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(orderId)) throw notFound('order');
    const explained = await this.explainOrder.execute(orderId);
    if (!explained?.order) throw notFound('order');
    const { order, attribution } = explained;
    const named = order.clickId ? await this.facts.click(order.clickId) : null;
    const visitorId = named?.visitorId ?? order.visitorId;
    const clicks = visitorId ? await this.facts.clicksOfVisitor(visitorId) : [];
    const rules =
      (await this.reattributedUnder(orderId)) ??
      (await this.rulesAt(attribution?.rulesVersion ?? explained.rulesVersion ?? 0));
    const paidAt = Date.parse(order.paidAt);
    const windowMs = rules.cookieWindowDays * DAY;
    const verdictOf = (click: ClickRecorded['data']): ClickVerdict => {
      if (click.bot) return 'bot';
      const age = paidAt - Date.parse(click.occurredAt);
      if (age < (click.clickId === order.clickId ? -DEFAULT_CLICK_SKEW_MS : 0))
        return 'after_payment';
      if (age > windowMs) return 'outside_window';
      return click.clickId === attribution?.clickId ? 'won' : 'considered';
    };
    return {
      orderId,
      visitorId: visitorId ?? null,
      paidAt: order.paidAt,
      cookieWindowDays: rules.cookieWindowDays,
      windowStart: new Date(paidAt - windowMs).toISOString(),
      clicks: clicks
        .map((click) => ({
          clickId: click.clickId,
          affiliateId: click.affiliateId,
          occurredAt: click.occurredAt,
          linkKind: click.linkKind,
          campaign: click.campaign ?? null,
          named: click.clickId === order.clickId,
          verdict: verdictOf(click),
        }))
        .sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt)),
    };
  }

  /** The rules of the order's latest re-attribution (its overrides decided it), or null. */
  private async reattributedUnder(orderId: string): Promise<ProgramRules | null> {
    let reattributionId: string | null = null;
    for await (const event of this.log.store.readStream(streams.order(orderId)))
      if (event.type === 'OrderReattributed')
        reattributionId = (event.data as OrderReattributed['data']).reattributionId;
    if (!reattributionId) return null;
    for await (const event of this.log.store.readStream(streams.reattribution(reattributionId)))
      if (event.type === 'ReattributionApplied')
        return (event.data as ReattributionApplied['data']).rules;
    return null;
  }

  /** The program rules as they were at a version (0: the defaults). */
  private async rulesAt(version: number): Promise<ProgramRules> {
    let rules: ProgramRules = DEFAULT_RULES;
    for await (const event of this.log.store.readStream(streams.program())) {
      const { version: at, occurredAt: _at, ...changed } = event.data as Record<string, unknown>;
      if (event.type !== 'ProgramRulesChanged' || Number(at) > version) continue;
      rules = changed as unknown as ProgramRules;
    }
    return rules;
  }
}
