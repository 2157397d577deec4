import { refuse } from '../refusal';
import type { ApiKeyIssued, ApiKeyRevoked } from './affiliate';
import type { AffiliateState } from './affiliate-state';

/** Enough for a key per tool and a rotation in flight; more is a leak waiting to happen. */
export const MAX_ACTIVE_API_KEYS = 20;

/** A new key beside the ones that work: rotation without downtime (issue, switch the tools, revoke the old). */
export const issueApiKey = (
  state: AffiliateState | null,
  command: { keyId: string; keyHash: string; now: string },
): ApiKeyIssued => {
  if (!state) return refuse('affiliate_not_found', 'no such affiliate', 'not_found');
  if (state.apiKeys.length >= MAX_ACTIVE_API_KEYS) {
    return refuse(
      'too_many_api_keys',
      `at most ${MAX_ACTIVE_API_KEYS} keys work at once; revoke one first`,
    );
  }
  return {
    type: 'ApiKeyIssued',
    data: {
      affiliateId: state.affiliateId,
      keyId: command.keyId,
      keyHash: command.keyHash,
      occurredAt: command.now,
    },
  };
};

/** Revoking a key that does not work (unknown, or revoked already) is refused: nothing to revoke. */
export const revokeApiKey = (
  state: AffiliateState | null,
  command: { keyId: string; now: string },
): ApiKeyRevoked => {
  if (!state) return refuse('affiliate_not_found', 'no such affiliate', 'not_found');
  if (!state.apiKeys.some((key) => key.keyId === command.keyId)) {
    return refuse('api_key_not_found', `no working key ${command.keyId}`, 'not_found');
  }
  return {
    type: 'ApiKeyRevoked',
    data: { affiliateId: state.affiliateId, keyId: command.keyId, occurredAt: command.now },
  };
};
