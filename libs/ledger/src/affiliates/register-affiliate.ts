import { refuse } from '../refusal';
import type {
  AffiliateRegistered,
  AffiliateStatus,
  AffiliateUpdated,
  ApiKeyIssued,
  PayoutAccount,
  PayoutAccountSet,
  ProductScope,
  RefCodeClaimed,
} from './affiliate';
import type { AffiliateState } from './affiliate-state';

export type RegisterAffiliate = Omit<AffiliateRegistered['data'], 'occurredAt' | 'apiKeyHash'> & {
  /** The first API key, issued with the registration. */
  apiKey: { keyId: string; keyHash: string };
  now: string;
};

/**
 * Two streams: the ref code's claim (expected no_stream, so a taken code is refused by the store) and the
 * affiliate's own stream, where the registration and its first key are appended together.
 */
export const registerAffiliate = (
  command: RegisterAffiliate,
): { claim: RefCodeClaimed; registered: AffiliateRegistered; keyIssued: ApiKeyIssued } => {
  const { now, apiKey, ...data } = command;
  return {
    claim: {
      type: 'RefCodeClaimed',
      data: { refCode: command.refCode, affiliateId: command.affiliateId, occurredAt: now },
    },
    registered: { type: 'AffiliateRegistered', data: { ...data, occurredAt: now } },
    keyIssued: {
      type: 'ApiKeyIssued',
      data: { affiliateId: command.affiliateId, ...apiKey, occurredAt: now },
    },
  };
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
