import { isClickId } from '@threadtrak/links';
import type Stripe from 'stripe';
import type { Clock } from '../clock';
import type { Directory } from '../affiliates/directory';
import type { Facts } from '../facts';
import { checkOrderRules } from '../orders/order-rules';
import type { RecordOrderAnswer, RecordOrderRequest } from '../orders/record-order';
import type { RecordRefund } from '../orders/record-refund';
import type { BindSubscription } from '../subscriptions/bind-subscription';
import type { RecordInvoice } from '../subscriptions/record-invoice';
import {
  invoiceOrderLines,
  promotionCodesOfSession,
  sessionOrderLines,
  subscriptionOfInvoice,
  type ProductOfStripeLine,
} from './order-lines';
import { idOf, type StripeReads } from './stripe-reads';

type Metadata = { actor: string; correlationId?: string };

/** The one door every order goes through (the order rules, then RecordOrder): the api's command bus. */
export type OrderRecorder = (
  order: RecordOrderRequest,
  metadata: Metadata,
) => Promise<{ answer: RecordOrderAnswer }>;

const isoOf = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString();

/**
 * What Stripe's events mean to the ledger. A paid payment-mode session is an order (`orderId` = its
 * PaymentIntent) of the session's line items; a subscription-mode session binds the subscription; a paid
 * invoice of a subscription is an order (`orderId` = the invoice). Refunds and disputes name a PaymentIntent:
 * it is an invoice's when Stripe says so, else it is the order id itself. Line items, invoice lines, promotion
 * codes and invoice payments are read through the `stripe` client.
 */
export class StripeCommerce {
  private readonly productOfLine: ProductOfStripeLine;

  constructor(
    private readonly reads: StripeReads,
    directory: Directory,
    private readonly facts: Facts,
    private readonly recordOrder: OrderRecorder,
    private readonly recordRefund: RecordRefund,
    private readonly bindSubscription: BindSubscription,
    private readonly recordInvoice: RecordInvoice,
    private readonly clock: Clock,
  ) {
    this.productOfLine = (priceId, stripeProductId) =>
      directory.productOfStripeLine(priceId, stripeProductId);
  }

  async checkoutCompleted(session: Stripe.Checkout.Session, paidAt: string, metadata: Metadata) {
    if (session.mode === 'subscription') {
      const subscriptionId = idOf(session.subscription);
      if (!subscriptionId || session.status !== 'complete')
        return { ignored: 'subscription not created' };
      const state = await this.bind(session, subscriptionId, metadata);
      return {
        subscription: { subscriptionId, affiliateId: state.bound?.binding?.affiliateId ?? null },
      };
    }
    const paymentIntent = idOf(session.payment_intent);
    if (session.mode !== 'payment' || session.payment_status !== 'paid' || !paymentIntent)
      return { ignored: 'not paid' };
    const lines = sessionOrderLines(
      await this.reads.sessionLineItems(session.id),
      session,
      this.productOfLine,
    );
    const order = {
      orderId: paymentIntent,
      paidAt,
      currency: (session.currency ?? '').toUpperCase(),
      lines,
      ...this.clickOf(session),
      ...(session.customer_details?.email ? { customerEmail: session.customer_details.email } : {}),
      ...(await this.promoCodeOf(session)),
    };
    const { answer } = await this.recordOrder(order, metadata);
    return { order: answer };
  }

  async invoicePaid(invoice: Stripe.Invoice, eventAt: string, metadata: Metadata) {
    const subscriptionId = subscriptionOfInvoice(invoice);
    if (!subscriptionId) return { ignored: 'not a subscription invoice' };
    if (!(await this.facts.subscription(subscriptionId)).bound) {
      // The invoice may come first: the session that created the subscription binds it now, as its own webhook would.
      const session = await this.reads.sessionOfSubscription(subscriptionId);
      if (session) await this.bind(session, subscriptionId, metadata);
    }
    const paidAt = invoice.status_transitions.paid_at
      ? isoOf(invoice.status_transitions.paid_at)
      : eventAt;
    const lines = invoiceOrderLines(
      await this.reads.invoiceLines(invoice.id),
      invoice,
      this.productOfLine,
    );
    const request = {
      invoiceId: invoice.id,
      subscriptionId,
      paidAt,
      currency: invoice.currency.toUpperCase(),
      lines,
      ...(invoice.customer_email ? { customerEmail: invoice.customer_email } : {}),
    };
    checkOrderRules(request, this.clock.now());
    const { answer } = await this.recordInvoice.execute(request, metadata);
    return { order: answer };
  }

  async chargeRefunded(charge: Stripe.Charge, refundedAt: string, metadata: Metadata) {
    const orderId = await this.orderOfPayment(idOf(charge.payment_intent));
    if (!orderId) return { ignored: 'no payment intent' };
    await this.recordRefund.stripeRefund(
      { orderId, chargeId: charge.id, cumulativeCents: charge.amount_refunded, refundedAt },
      metadata,
    );
    return { orderId };
  }

  async disputeClosed(dispute: Stripe.Dispute, closedAt: string, metadata: Metadata) {
    const orderId = await this.orderOfPayment(idOf(dispute.payment_intent));
    const status = dispute.status;
    if (!orderId || (status !== 'won' && status !== 'lost')) return { ignored: status };
    await this.recordRefund.dispute(
      {
        orderId,
        disputeId: dispute.id,
        status: status as 'won' | 'lost',
        amountCents: dispute.amount,
        closedAt,
      },
      metadata,
    );
    return { orderId };
  }

  private async orderOfPayment(paymentIntent: string | null): Promise<string | null> {
    if (!paymentIntent) return null;
    return (await this.reads.invoiceOfPaymentIntent(paymentIntent)) ?? paymentIntent;
  }

  private async bind(session: Stripe.Checkout.Session, subscriptionId: string, metadata: Metadata) {
    return this.bindSubscription.execute(
      {
        subscriptionId,
        customerId: idOf(session.customer),
        sessionId: session.id,
        boundAt: isoOf(session.created),
        ...this.clickOf(session),
        ...(session.customer_details?.email
          ? { customerEmail: session.customer_details.email }
          : {}),
        ...(await this.promoCodeOf(session)),
      },
      metadata,
    );
  }

  /** `client_reference_id` is the `tt_click` the shop got on its landing URL (or our redirect put there). */
  private clickOf(session: Stripe.Checkout.Session): { clickId?: string } {
    const clickId = session.client_reference_id;
    return clickId && isClickId(clickId) ? { clickId } : {};
  }

  /** The first code the session's discounts name that an affiliate holds, else the first code at all. */
  private async promoCodeOf(session: Stripe.Checkout.Session): Promise<{ promoCode?: string }> {
    const codes: string[] = [];
    for (const code of promotionCodesOfSession(session)) {
      codes.push(typeof code === 'string' ? await this.reads.promotionCode(code) : code.code);
    }
    for (const code of codes)
      if ((await this.facts.promoCode(code)).owner) return { promoCode: code };
    const [first] = codes;
    return first === undefined ? {} : { promoCode: first };
  }
}
