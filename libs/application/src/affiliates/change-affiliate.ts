import {
  assert,
  type AffiliateState,
  type UpdateAffiliate as UpdateAffiliateCommand,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { Directory } from './directory';
import type { SetPromoCodes } from './set-promo-codes';
import type { UpdateAffiliate } from './update-affiliate';

/** What `PATCH /v1/admin/affiliates/{id}` may change; at least one of them. */
export interface AffiliateChanges extends Omit<UpdateAffiliateCommand, 'now'> {
  /** The affiliate's whole list of promotion codes. */
  promoCodes?: readonly string[];
}

/**
 * `PATCH /v1/admin/affiliates/{id}`: the promotion codes first (their claims are what can be refused), then
 * scope, rate and status. The directory learns the new codes at once, so an order carrying one right after
 * the answer is attributed by this process without waiting for the log's subscription.
 */
export class ChangeAffiliate {
  constructor(
    private readonly setPromoCodes: SetPromoCodes,
    private readonly updateAffiliate: UpdateAffiliate,
    private readonly directory: Directory,
    private readonly clock: Clock,
  ) {}

  async execute(
    affiliateId: string,
    changes: AffiliateChanges,
    actor: string,
  ): Promise<AffiliateState> {
    const { promoCodes, ...rest } = changes;
    const others = Object.values(rest).some((value) => value !== undefined);
    assert(promoCodes !== undefined || others, 'an affiliate change changes something');
    let affiliate: AffiliateState | null = null;
    if (promoCodes !== undefined) {
      affiliate = await this.setPromoCodes.execute(affiliateId, promoCodes, actor);
      this.directory.remember({
        type: 'PromoCodesSet',
        data: {
          affiliateId,
          promoCodes: affiliate.promoCodes ?? [],
          occurredAt: this.clock.now().toISOString(),
        },
      });
    }
    if (others) affiliate = await this.updateAffiliate.update(affiliateId, rest, actor);
    assert(affiliate, 'the changed affiliate exists');
    return affiliate;
  }
}
