import {
  DEFAULT_CLICK_SKEW_MS,
  assert,
  attributeOrder,
  normalPromoCode,
  streams,
  type AttributionDecision,
  type OrderCommand,
  type OrderLine,
  type OrderPaid,
} from '@threadtrak/ledger';
import { createHash } from 'node:crypto';
import { orderHandler } from '../stream-handlers';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { handleCommand, retryOnConflict } from '../handle-command';
import { buyerFacts } from './buyer-facts';
import type { PostOrder } from './post-order';

/** The same order from the API and from Stripe at once: the loser decides again and answers the winner's. */
const onOrder = orderHandler(retryOnConflict(2));

export interface RecordOrderRequest {
  orderId: string;
  paidAt: string;
  currency: string;
  lines: OrderLine[];
  clickId?: string;
  visitorId?: string;
  customerEmail?: string;
  /** A promotion code the order carried (any case); a code of an active affiliate wins over clicks. */
  promoCode?: string;
  /** Set for a subscription's invoice (by RecordInvoice, never by a client). */
  subscription?: { subscriptionId: string; ordinal: number };
}

/** What attribution decided, and the identity facts the order keeps. */
export type OrderAttribution = {
  identity: { visitorId?: string; customerEmailHash?: string };
  currency: string;
  rulesVersion: number;
  decision: AttributionDecision;
};

export interface RecordOrderAnswer {
  orderId: string;
  attributed: boolean;
  affiliateId?: string;
  commissionCents: number;
}

/**
 * `POST /v1/orders` and Stripe's `checkout.session.completed`: attribute the order from the log, record it,
 * post its commission. The same request again answers the same (`created: false`).
 */
export class RecordOrder {
  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly posting: PostOrder,
    /** The keyed email hash's secret (`EMAIL_HASH_SECRET`, or generated into the data folder). */
    private readonly emailHashSecret: string,
    /** `CLICK_SKEW_SECONDS`: how long after `paidAt` the order's own click still counts. */
    private readonly clickSkewMs = DEFAULT_CLICK_SKEW_MS,
  ) {}

  async execute(
    request: RecordOrderRequest,
    source: 'api' | 'stripe',
    metadata: { actor: string; correlationId?: string },
    /** How the order is attributed: by clicks and codes, or (a subscription's invoice) by its binding. */
    attribute: (request: RecordOrderRequest) => Promise<OrderAttribution> = (order) =>
      this.attribute(order),
  ): Promise<{ created: boolean; answer: RecordOrderAnswer }> {
    const requestHash = hashRequest(request);
    const { customerEmail: _email, promoCode, ...order } = request;
    const { state, events } = await handleCommand(
      this.log,
      onOrder,
      streams.order(request.orderId),
      async (known): Promise<OrderCommand> => {
        // A known order is never re-attributed: payOrder answers from what was recorded.
        const facts = known.paid ? NOT_NEEDED : await attribute(request);
        return {
          type: 'PayOrder',
          order: {
            ...order,
            ...(promoCode ? { promoCode: normalPromoCode(promoCode) } : {}),
            ...facts.identity,
            requestHash,
            source,
          },
          programCurrency: facts.currency,
          rulesVersion: facts.rulesVersion,
          decision: facts.decision,
        };
      },
      metadata,
    );
    await this.posting.execute(request.orderId);
    assert(state.paid, `order ${request.orderId} is paid once recorded`);
    return { created: events.length > 0, answer: answerOf(state.paid) };
  }

  /**
   * The attribution decision, from the log alone: rules, the visitor's clicks, their affiliates, the products.
   * The visitor is the one the order's click was recorded for (found by the click's event id), else the
   * order's `visitorId`.
   */
  private async attribute(request: RecordOrderRequest): Promise<OrderAttribution> {
    const program = await this.facts.program();
    const { visitorId, clicks, promoCode, affiliates, customerEmailHash } = await buyerFacts(
      this.facts,
      this.emailHashSecret,
      request,
    );
    const decision = attributeOrder({
      order: {
        paidAt: request.paidAt,
        lines: request.lines,
        ...(customerEmailHash ? { customerEmailHash } : {}),
        ...(request.clickId ? { clickId: request.clickId } : {}),
      },
      clicks,
      clickSkewMs: this.clickSkewMs,
      rules: program.rules,
      rulesVersion: program.version,
      affiliates,
      products: await this.facts.products(request.lines.map((line) => line.productId)),
      ...(promoCode ? { promoCode } : {}),
    });
    return {
      identity: {
        ...(visitorId ? { visitorId } : {}),
        ...(customerEmailHash ? { customerEmailHash } : {}),
      },
      currency: program.rules.currency,
      rulesVersion: program.version,
      decision,
    };
  }
}

const NOT_NEEDED: OrderAttribution = {
  identity: {},
  currency: '',
  rulesVersion: 0,
  decision: { attribution: null, explanation: [] },
};

const answerOf = (paid: OrderPaid['data']): RecordOrderAnswer => ({
  orderId: paid.orderId,
  attributed: paid.attribution !== null,
  ...(paid.attribution ? { affiliateId: paid.attribution.affiliateId } : {}),
  commissionCents: paid.attribution?.commissionCents ?? 0,
});

/** Canonical JSON of the request: key order and absent optional fields do not matter. */
const hashRequest = (request: RecordOrderRequest): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        request.orderId,
        Date.parse(request.paidAt),
        request.currency,
        request.lines.map((line) => [line.productId, line.quantity, line.amountCents]),
        request.clickId ?? null,
        request.visitorId ?? null,
        request.customerEmail?.trim().toLowerCase() ?? null,
        // Appended only when present, so the hashes of orders recorded before these fields stay the same.
        ...(request.promoCode ? [normalPromoCode(request.promoCode)] : []),
        ...(request.subscription
          ? [request.subscription.subscriptionId, request.subscription.ordinal]
          : []),
      ]),
    )
    .digest('hex');
