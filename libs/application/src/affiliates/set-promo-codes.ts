import { WrongExpectedRevisionError } from '@threadtrak/event-store';
import {
  assert,
  claimPromoCode,
  evolvePromoCodeHolder,
  normalPromoCode,
  refuse,
  streams,
  type AffiliateState,
  type PromoCodeEvent,
  type PromoCodeReleased,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { handleCommand, retryOnConflict } from '../handle-command';
import { affiliateHandler } from '../stream-handlers';

/** An admin and the affiliate changing the same affiliate at once: once more on the fresh state, then 409. */
const onAffiliate = affiliateHandler(retryOnConflict(1));

/**
 * `PATCH /v1/admin/affiliates/{id} {promoCodes}`: the affiliate's whole list of codes. Each new code is
 * claimed first in its own stream `promocode-{CODE}` (so two affiliates racing for a code cannot both get
 * it: 409 for the loser), then the list is set, then dropped codes are released for others to claim.
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
    const { state: holder, revision } = await this.log.load<string | null, PromoCodeEvent>(
      streams.promoCode(promoCode),
      null,
      evolvePromoCodeHolder,
    );
    const claim = claimPromoCode(holder, holder ? await this.facts.affiliate(holder) : null, {
      promoCode,
      affiliateId,
      now,
    });
    if (!claim) return;
    try {
      await this.log.append(
        streams.promoCode(promoCode),
        [{ event: claim, cause: `promo-claim:${promoCode}:${affiliateId}:${now}` }],
        revision,
        { actor },
      );
    } catch (error) {
      // Another claim got in between: the stream's revision decided the race, and it was not ours.
      if (error instanceof WrongExpectedRevisionError)
        refuse(
          'promo_code_taken',
          `promotion code ${promoCode} was just claimed by another affiliate`,
          'conflict',
        );
      throw error;
    }
  }

  private async release(promoCode: string, affiliateId: string, now: string, actor: string) {
    const { state: holder, revision } = await this.log.load<string | null, PromoCodeEvent>(
      streams.promoCode(promoCode),
      null,
      evolvePromoCodeHolder,
    );
    if (holder !== affiliateId) return;
    const released: PromoCodeReleased = {
      type: 'PromoCodeReleased',
      data: { promoCode, affiliateId, occurredAt: now },
    };
    await this.log.append(
      streams.promoCode(promoCode),
      [{ event: released, cause: `promo-release:${promoCode}:${affiliateId}:${now}` }],
      revision,
      { actor },
    );
  }
}
