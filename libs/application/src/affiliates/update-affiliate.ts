import {
  assert,
  streams,
  type AffiliateCommand,
  type AffiliateState,
  type PayoutAccount,
  type UpdateAffiliate as UpdateAffiliateCommand,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';
import { affiliateHandler } from '../stream-handlers';

/** An admin and the affiliate changing the same affiliate at once: once more on the fresh state, then 409. */
const onAffiliate = affiliateHandler(retryOnConflict(1));

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
    return this.change(affiliateId, { type: 'UpdateAffiliate', ...changes, now }, actor);
  }

  setPayoutAccount(
    affiliateId: string,
    account: PayoutAccount,
    actor: string,
  ): Promise<AffiliateState> {
    const now = this.clock.now().toISOString();
    return this.change(affiliateId, { type: 'SetPayoutAccount', account, now }, actor);
  }

  private async change(
    affiliateId: string,
    command: AffiliateCommand,
    actor: string,
  ): Promise<AffiliateState> {
    const { state } = await handleCommand(
      this.log,
      onAffiliate,
      streams.affiliate(affiliateId),
      command,
      { actor },
    );
    assert(state, `affiliate ${affiliateId} exists once changed`);
    return state;
  }
}
