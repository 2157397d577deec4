import {
  attributeOrder,
  streams,
  type SubscriptionBound,
  type SubscriptionState,
} from '@threadtrak/ledger';
import { buyerFacts } from '../orders/buyer-facts';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';
import { subscriptionHandler } from '../stream-handlers';
import type { AttributeWaitingInvoices } from './attribute-waiting-invoices';
import type { Facts } from '../facts';

/** Checkout and invoice webhooks of one subscription arrive together: a few tries, then 409. */
const onSubscription = subscriptionHandler(retryOnConflict(2));

export interface BindSubscriptionRequest {
  subscriptionId: string;
  customerId: string | null;
  sessionId: string;
  /** When the Checkout Session was created (Stripe's `created`): the same whichever webhook brings it. */
  boundAt: string;
  clickId?: string;
  customerEmail?: string;
  promoCode?: string;
}

/**
 * A completed subscription-mode checkout: decides once, like an order (promotion code first, then the
 * visitor's clicks in the window before the session), whom the subscription's invoices earn for.
 * Idempotent: the first binding stands, and the decision depends only on the session and the log, so the
 * session's webhook and an invoice that looked the session up bind the same.
 */
export class BindSubscription {
  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly waiting: AttributeWaitingInvoices,
    /** The keyed email hash's secret (`EMAIL_HASH_SECRET`, or generated into the data folder). */
    private readonly emailHashSecret: string,
    /** `CLICK_SKEW_SECONDS`: how long after the checkout the session's own click still counts. */
    private readonly clickSkewMs = 0,
  ) {}

  async execute(
    request: BindSubscriptionRequest,
    metadata: { actor: string; correlationId?: string },
  ): Promise<SubscriptionState> {
    const known = await this.facts.subscription(request.subscriptionId);
    if (known.bound) return known;
    const bound = await this.decide(request);
    const { state } = await handleCommand(
      this.log,
      onSubscription,
      streams.subscription(request.subscriptionId),
      { type: 'BindSubscription', bound },
      metadata,
    );
    await this.waiting.execute(request.subscriptionId, metadata);
    return state;
  }

  private async decide(request: BindSubscriptionRequest): Promise<SubscriptionBound['data']> {
    const program = await this.facts.program();
    const { visitorId, clicks, promoCode, affiliates, customerEmailHash } = await buyerFacts(
      this.facts,
      this.emailHashSecret,
      request,
    );
    const decision = attributeOrder({
      order: {
        paidAt: request.boundAt,
        lines: [],
        ...(customerEmailHash ? { customerEmailHash } : {}),
        ...(request.clickId ? { clickId: request.clickId } : {}),
      },
      clicks,
      clickSkewMs: this.clickSkewMs,
      rules: program.rules,
      rulesVersion: program.version,
      affiliates,
      products: new Map(),
      ...(promoCode ? { promoCode } : {}),
    });
    const won = decision.attribution;
    return {
      subscriptionId: request.subscriptionId,
      customerId: request.customerId,
      sessionId: request.sessionId,
      boundAt: request.boundAt,
      ...(request.clickId ? { clickId: request.clickId } : {}),
      ...(visitorId ? { visitorId } : {}),
      ...(customerEmailHash ? { customerEmailHash } : {}),
      ...(promoCode ? { promoCode: promoCode.code } : {}),
      rulesVersion: program.version,
      binding: won && {
        affiliateId: won.affiliateId,
        ...(won.clickId ? { clickId: won.clickId } : {}),
        ...(won.linkKind ? { linkKind: won.linkKind } : {}),
        ...(won.campaign ? { campaign: won.campaign } : {}),
        ...(won.promoCode ? { promoCode: won.promoCode } : {}),
      },
      // A binding has no lines yet: what is said about lines belongs to each invoice.
      explanation: decision.explanation.filter(
        (check) => check.check !== 'scope' && check.check !== 'eligibility',
      ),
    };
  }
}
