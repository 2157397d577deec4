/** Every reason a business rule can refuse a command: the stable snake_case code the API returns. */
export type RefusalCode =
  | 'affiliate_not_found'
  | 'affiliate_suspended'
  | 'amount_or_lines'
  | 'api_key_not_found'
  | 'below_minimum'
  | 'concurrent_change'
  | 'currency_mismatch'
  | 'invalid_amount'
  | 'invalid_quantity'
  | 'invalid_range'
  | 'invalid_rules'
  | 'invite_expired'
  | 'invite_invalid'
  | 'invite_used'
  | 'no_payout_account'
  | 'nothing_due'
  | 'order_conflict'
  | 'order_rules'
  | 'payout_method_unavailable'
  | 'payout_not_found'
  | 'payout_not_open'
  | 'payout_not_requested'
  | 'payout_open'
  | 'promo_code_repeated'
  | 'promo_code_taken'
  | 'provider_not_checked'
  | 'ref_code_taken'
  | 'refund_conflict'
  | 'refund_exceeds_order'
  | 'stripe_not_configured'
  | 'too_many_api_keys'
  | 'unknown_line';

/** How a refusal reads over HTTP, mapped in one place: invalid 400, refused 422, conflict 409, not_found 404, forbidden 403. */
export type RefusalKind = 'invalid' | 'refused' | 'conflict' | 'not_found' | 'forbidden';

/**
 * A business rule refuses the command. `invalid` is input no caller should send (a negative amount),
 * whichever door it came through.
 */
export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly kind: RefusalKind = 'refused',
  ) {
    super(message);
    this.name = 'Refusal';
  }
}

export const refuse = (code: RefusalCode, message: string, kind?: RefusalKind): never => {
  throw new Refusal(code, message, kind);
};
