import {
  attributeInvoice,
  type AttributionDecision,
  type OrderLine,
  type SubscriptionState,
} from '@threadtrak/ledger';
import type { Facts } from '../facts';

/** A subscription invoice's attribution decided from the log: rules, binding, the affiliate, the products. */
export const decideInvoice = async (
  facts: Facts,
  invoice: { subscriptionId: string; paidAt: string; lines: OrderLine[]; ordinal: number },
  subscription: SubscriptionState,
): Promise<{ rulesVersion: number; currency: string; decision: AttributionDecision }> => {
  const program = await facts.program();
  const affiliateId = subscription.bound?.binding?.affiliateId;
  return {
    rulesVersion: program.version,
    currency: program.rules.currency,
    decision: attributeInvoice({
      order: { paidAt: invoice.paidAt, lines: invoice.lines },
      subscriptionId: invoice.subscriptionId,
      bound: subscription.bound,
      ordinal: invoice.ordinal,
      rules: program.rules,
      rulesVersion: program.version,
      affiliates: await facts.affiliates(affiliateId ? [affiliateId] : []),
      products: await facts.products(invoice.lines.map((line) => line.productId)),
    }),
  };
};
