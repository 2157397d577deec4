import type { Decider } from '../decider';
import type { AffiliateEvent, PayoutAccount } from './affiliate';
import { evolveAffiliate, type AffiliateState } from './affiliate-state';
import { issueApiKey, revokeApiKey } from './api-keys';
import { setPromoCodes } from './promo-codes';
import {
  registerAffiliate,
  setPayoutAccount,
  updateAffiliate,
  type RegisterAffiliate,
  type UpdateAffiliate,
} from './register-affiliate';

/** What an affiliate's stream is asked (registration claims its ref code first, in its own stream). */
export type AffiliateCommand =
  | ({ type: 'RegisterAffiliate' } & RegisterAffiliate)
  | ({ type: 'UpdateAffiliate' } & UpdateAffiliate)
  | { type: 'SetPayoutAccount'; account: PayoutAccount; now: string }
  | { type: 'IssueApiKey'; keyId: string; keyHash: string; now: string }
  | { type: 'RevokeApiKey'; keyId: string; now: string }
  | { type: 'SetPromoCodes'; promoCodes: readonly string[]; now: string };

const decide = (command: AffiliateCommand, state: AffiliateState | null): AffiliateEvent[] => {
  switch (command.type) {
    case 'RegisterAffiliate': {
      const { type: _type, ...registration } = command;
      return registerAffiliate(state, registration);
    }
    case 'UpdateAffiliate': {
      const { type: _type, ...changes } = command;
      return [updateAffiliate(state, changes)];
    }
    case 'SetPayoutAccount':
      return [setPayoutAccount(state, command.account, command.now)];
    case 'IssueApiKey':
      return [issueApiKey(state, command)];
    case 'RevokeApiKey':
      return [revokeApiKey(state, command)];
    case 'SetPromoCodes':
      return [setPromoCodes(state, command.promoCodes, command.now)];
  }
};

/** The stream `affiliate-{affiliateId}`: profile, scope, payout account, API keys, promotion codes. */
export const affiliateDecider: Decider<AffiliateState | null, AffiliateCommand, AffiliateEvent> = {
  initialState: () => null,
  evolve: evolveAffiliate,
  decide,
};
