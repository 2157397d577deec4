import { customerEmailHash } from '../affiliates/credentials';
import type { Facts } from '../facts';

/** Who bought, as an order or a subscription checkout names them. */
export interface Buyer {
  clickId?: string;
  visitorId?: string;
  promoCode?: string;
  customerEmail?: string;
}

/**
 * What attribution reads of the log about a buyer: the visitor the named click was recorded for (found by
 * the click's event id; else the visitor id given), that visitor's clicks, the promotion code, the
 * affiliates behind both, and the customer's email hash in the form the self-referral check compares.
 */
export const buyerFacts = async (facts: Facts, emailHashSecret: string, buyer: Buyer) => {
  const click = buyer.clickId ? await facts.click(buyer.clickId) : null;
  const visitorId = click?.visitorId ?? buyer.visitorId;
  const clicks = visitorId ? await facts.clicksOfVisitor(visitorId) : [];
  const promoCode = buyer.promoCode ? await facts.promoCode(buyer.promoCode) : undefined;
  const affiliates = await facts.affiliates([
    ...clicks.map((each) => each.affiliateId),
    ...(promoCode?.owner ? [promoCode.owner] : []),
  ]);
  const emailHash = buyer.customerEmail
    ? customerEmailHash(emailHashSecret, buyer.customerEmail, affiliates.values())
    : undefined;
  return { visitorId, clicks, promoCode, affiliates, customerEmailHash: emailHash };
};
