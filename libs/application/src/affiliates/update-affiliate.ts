import {
  evolveAffiliate,
  setPayoutAccount,
  streams,
  updateAffiliate,
  type AffiliateEvent,
  type AffiliateState,
  type PayoutAccount,
  type UpdateAffiliate as UpdateAffiliateCommand,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';

/** `PATCH /v1/admin/affiliates/{id}` (scope, rate, suspension) and `PUT /v1/me/payout-account`. */
export class UpdateAffiliate {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  update(
    affiliateId: string,
    changes: Omit<UpdateAffiliateCommand, 'now'>,
    actor: string,
  ): Promise<AffiliateState> {
    const now = this.clock.now().toISOString();
    return this.change(affiliateId, (state) => updateAffiliate(state, { ...changes, now }), actor);
  }

  setPayoutAccount(
    affiliateId: string,
    account: PayoutAccount,
    actor: string,
  ): Promise<AffiliateState> {
    const now = this.clock.now().toISOString();
    return this.change(affiliateId, (state) => setPayoutAccount(state, account, now), actor);
  }

  private change(
    affiliateId: string,
    decide: (state: AffiliateState | null) => AffiliateEvent,
    actor: string,
  ) {
    return this.log.decide<AffiliateState | null, AffiliateEvent, AffiliateState>(
      streams.affiliate(affiliateId),
      () => null,
      evolveAffiliate,
      (state) => {
        const event = decide(state);
        return {
          events: [
            {
              event,
              cause: `${event.type}:${affiliateId}:${event.data.occurredAt}:${JSON.stringify(event.data)}`,
            },
          ],
          result: evolveAffiliate(state, event)!,
        };
      },
      { actor },
    );
  }
}
