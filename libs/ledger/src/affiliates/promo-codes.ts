import { refuse } from '../refusal';
import type { AffiliateState } from './affiliate-state';

/**
 * Glossary: a promotion code (`ANN10`) is a discount code the shop gives one affiliate to share; an order
 * that carries it is that affiliate's, with or without a click. Codes are compared case-insensitively:
 * kept upper-case.
 */
export const PROMO_CODE_PATTERN = /^[A-Za-z0-9_-]{2,64}$/;

export const normalPromoCode = (code: string): string => code.trim().toUpperCase();

/** The affiliate's codes, in its stream `affiliate-{affiliateId}`: the whole list as it is now. */
export interface PromoCodesSet {
  type: 'PromoCodesSet';
  data: { affiliateId: string; promoCodes: string[]; occurredAt: string };
}

/**
 * Stream `promocode-{CODE}`: who holds the code. Claimed before the affiliate's list names it, so two
 * affiliates racing for a code cannot both hold it (the stream's revision decides); released when dropped.
 */
export interface PromoCodeClaimed {
  type: 'PromoCodeClaimed';
  data: { promoCode: string; affiliateId: string; occurredAt: string };
}

export interface PromoCodeReleased {
  type: 'PromoCodeReleased';
  data: { promoCode: string; affiliateId: string; occurredAt: string };
}

export type PromoCodeEvent = PromoCodeClaimed | PromoCodeReleased;

/** Who holds a code: null when nobody does (never claimed, or released). */
export const evolvePromoCodeHolder = (
  _holder: string | null,
  event: PromoCodeEvent,
): string | null => (event.type === 'PromoCodeClaimed' ? event.data.affiliateId : null);

/** The affiliate's new list; codes must be unique within it once normalized. */
export const setPromoCodes = (
  state: AffiliateState | null,
  promoCodes: readonly string[],
  now: string,
): PromoCodesSet => {
  if (!state) return refuse('affiliate_not_found', 'no such affiliate', 'not_found');
  return {
    type: 'PromoCodesSet',
    data: { affiliateId: state.affiliateId, promoCodes: [...promoCodes], occurredAt: now },
  };
};

/** The affiliate a code attributes an order to: the holder, if its own list names the code. */
export const promoCodeOwner = (
  code: string,
  holder: string | null,
  holderState: AffiliateState | null | undefined,
): string | null =>
  holder && holderState?.promoCodes?.includes(normalPromoCode(code)) ? holder : null;
