import { assert } from '../decider';
import { refuse } from '../refusal';
import type {
  AffiliateRegistered,
  AffiliateStatus,
  AffiliateUpdated,
  ApiKeyIssued,
  PayoutAccount,
  PayoutAccountSet,
  ProductScope,
} from './affiliate';
import type { AffiliateState } from './affiliate-state';

export type RegisterAffiliate = Omit<AffiliateRegistered['data'], 'occurredAt' | 'apiKeyHash'> & {
  /** The first API key, issued with the registration. */
  apiKey: { keyId: string; keyHash: string };
  now: string;
};

/**
 * The affiliate's stream begins with the registration and its first key, appended together. The ref code
 * was claimed first in its own stream (see refCodeDecider). Affiliate ids are new per registration.
 */
export const registerAffiliate = (
  state: AffiliateState | null,
  command: RegisterAffiliate,
): [AffiliateRegistered, ApiKeyIssued] => {
  assert(state === null, `a new affiliate id (${command.affiliateId}) names no affiliate yet`);
  const { now, apiKey, ...data } = command;
  return [
    { type: 'AffiliateRegistered', data: { ...data, occurredAt: now } },
    {
      type: 'ApiKeyIssued',
      data: { affiliateId: command.affiliateId, ...apiKey, occurredAt: now },
    },
  ];
};

export interface UpdateAffiliate {
  productScope?: ProductScope;
  rateBps?: number | null;
  status?: AffiliateStatus;
  now: string;
}

export const updateAffiliate = (
  state: AffiliateState | null,
  command: UpdateAffiliate,
): AffiliateUpdated => {
  if (!state) return refuse('affiliate_not_found', 'no such affiliate', 'not_found');
  const { now, ...changes } = command;
  return {
    type: 'AffiliateUpdated',
    data: { affiliateId: state.affiliateId, ...changes, occurredAt: now },
  };
};

export const setPayoutAccount = (
  state: AffiliateState | null,
  account: PayoutAccount,
  now: string,
): PayoutAccountSet => {
  if (!state) return refuse('affiliate_not_found', 'no such affiliate', 'not_found');
  return {
    type: 'PayoutAccountSet',
    data: { affiliateId: state.affiliateId, account, occurredAt: now },
  };
};
