import type { Decider } from '../decider';
import { refuse } from '../refusal';
import { claimAbandoned } from './code-claims';
import type { PromoCodeClaimed, PromoCodeEvent, PromoCodeReleased } from './promo-codes';

/** Stream `promocode-{CODE}`: who holds the code since when; null when nobody does. */
export type PromoCodeHolding = { affiliateId: string; claimedAt: string } | null;

/**
 * `holderListsCode`: whether the current holder's own list names the code, read by the handler from the
 * holder's affiliate stream (false when nobody holds it).
 */
export type PromoCodeCommand =
  | {
      type: 'ClaimPromoCode';
      promoCode: string;
      affiliateId: string;
      holderListsCode: boolean;
      now: string;
    }
  | { type: 'ReleasePromoCode'; promoCode: string; affiliateId: string; now: string };

/**
 * A code held by another affiliate is refused (409) while the holder's list names it, or while its claim
 * is fresh (that affiliate's list is being set). A holder's list that dropped the code, or never got it,
 * lets another affiliate claim it.
 */
const claim = (
  command: Extract<PromoCodeCommand, { type: 'ClaimPromoCode' }>,
  holding: PromoCodeHolding,
): PromoCodeClaimed[] => {
  const { promoCode, affiliateId, now } = command;
  if (holding?.affiliateId === affiliateId) return [];
  if (holding && (command.holderListsCode || !claimAbandoned(holding.claimedAt, now)))
    return refuse(
      'promo_code_taken',
      `promotion code ${promoCode} belongs to another affiliate`,
      'conflict',
    );
  return [{ type: 'PromoCodeClaimed', data: { promoCode, affiliateId, occurredAt: now } }];
};

/** Only the holder releases: a code someone else claimed since is left alone. */
const release = (
  command: Extract<PromoCodeCommand, { type: 'ReleasePromoCode' }>,
  holding: PromoCodeHolding,
): PromoCodeReleased[] => {
  const { promoCode, affiliateId, now } = command;
  if (holding?.affiliateId !== affiliateId) return [];
  return [{ type: 'PromoCodeReleased', data: { promoCode, affiliateId, occurredAt: now } }];
};

/** Two affiliates racing for one promotion code cannot both hold it: the stream's revision decides. */
export const promoCodeDecider: Decider<PromoCodeHolding, PromoCodeCommand, PromoCodeEvent> = {
  initialState: () => null,
  evolve: (_holding, event) =>
    event.type === 'PromoCodeClaimed'
      ? { affiliateId: event.data.affiliateId, claimedAt: event.data.occurredAt }
      : null,
  decide: (command, holding) =>
    command.type === 'ClaimPromoCode' ? claim(command, holding) : release(command, holding),
};
