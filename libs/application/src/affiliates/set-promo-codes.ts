import { assert, normalPromoCode, refuse, streams, type AffiliateState } from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { handleCommand, retryOnConflict } from '../handle-command';
import { affiliateHandler, promoCodeHandler } from '../stream-handlers';

/** An admin and the affiliate changing the same affiliate at once: once more on the fresh state, then 409. */
const onAffiliate = affiliateHandler(retryOnConflict(1));
/**
 * Two affiliates racing for one code: the loser decides again on the winner's fresh claim and is refused
 * (409 promo_code_taken).
 */
const onPromoCode = promoCodeHandler(retryOnConflict(1));

/**
 * `PATCH /v1/admin/affiliates/{id} {promoCodes}`: the affiliate's whole list of codes. Each new code is
 * claimed first in its own stream `promocode-{CODE}` (promoCodeDecider: two affiliates racing for a code
 * cannot both get it, 409 for the loser), then the list is set, then dropped codes are released for others to claim.
 */
export class SetPromoCodes {
  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly clock: Clock,
  ) {}

  async execute(
    affiliateId: string,
    codes: readonly string[],
    actor: string,
  ): Promise<AffiliateState> {
    const promoCodes = [...new Set(codes.map(normalPromoCode))].sort();
    if (promoCodes.length !== codes.length)
      refuse(
        'promo_code_repeated',
        'a promotion code is listed twice (codes are case-insensitive)',
        'conflict',
      );
    const before = await this.facts.affiliate(affiliateId);
    if (!before) return refuse('affiliate_not_found', 'no such affiliate', 'not_found');
    const now = this.clock.now().toISOString();
    const held = new Set(before.promoCodes ?? []);
    for (const promoCode of promoCodes.filter((code) => !held.has(code)))
      await this.claim(promoCode, affiliateId, now, actor);
    const { state: after } = await handleCommand(
      this.log,
      onAffiliate,
      streams.affiliate(affiliateId),
      { type: 'SetPromoCodes', promoCodes, now },
      { actor },
    );
    assert(after, `affiliate ${affiliateId} exists once its codes are set`);
    for (const promoCode of [...held].filter((code) => !promoCodes.includes(code)))
      await this.release(promoCode, affiliateId, now, actor);
    return after;
  }

  private async claim(promoCode: string, affiliateId: string, now: string, actor: string) {
    await handleCommand(
      this.log,
      onPromoCode,
      streams.promoCode(promoCode),
      async (holding) => ({
        type: 'ClaimPromoCode' as const,
        promoCode,
        affiliateId,
        holderListsCode: holding
          ? ((await this.facts.affiliate(holding.affiliateId))?.promoCodes?.includes(promoCode) ??
            false)
          : false,
        now,
      }),
      { actor },
    );
  }

  private async release(promoCode: string, affiliateId: string, now: string, actor: string) {
    await handleCommand(
      this.log,
      onPromoCode,
      streams.promoCode(promoCode),
      { type: 'ReleasePromoCode', promoCode, affiliateId, now },
      { actor },
    );
  }
}
