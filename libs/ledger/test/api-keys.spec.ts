import { affiliateDecider } from '../src/affiliates/affiliate.decider';
import type { AffiliateEvent, ApiKeyIssued } from '../src/affiliates/affiliate';
import {
  evolveAffiliate,
  LEGACY_KEY_ID,
  type AffiliateState,
} from '../src/affiliates/affiliate-state';
import { MAX_ACTIVE_API_KEYS } from '../src/affiliates/api-keys';
import { specFor } from './decider-spec';
import { at, registered, T0 } from './fixtures';

const keySpec = specFor(affiliateDecider);

const issued = (keyId: string, occurredAt = at(1)): ApiKeyIssued => ({
  type: 'ApiKeyIssued',
  data: { affiliateId: 'ann', keyId, keyHash: `${keyId}-hash`, occurredAt },
});
/** A registration as written since keys have ids: no `apiKeyHash`, its first key issued beside it. */
const { apiKeyHash: _legacy, ...newRegistration } = registered('ann').data;
const registeredNow: AffiliateEvent = { type: 'AffiliateRegistered', data: newRegistration };

const keysAfter = (events: AffiliateEvent[]) =>
  events.reduce<AffiliateState | null>(evolveAffiliate, null)!.apiKeys;

describe('API keys', () => {
  it('given a registration, when a key is issued, then ApiKeyIssued with its id and hash', () => {
    keySpec([registeredNow, issued('key_first', T0)])
      .when({ type: 'IssueApiKey', keyId: 'key_second', keyHash: 'key_second-hash', now: at(1) })
      .then([issued('key_second')]);
  });

  it('given two working keys, when one is revoked, then ApiKeyRevoked and the other keeps working', () => {
    const history = [registeredNow, issued('key_first', T0), issued('key_second')];
    keySpec(history)
      .when({ type: 'RevokeApiKey', keyId: 'key_first', now: at(2) })
      .then([
        {
          type: 'ApiKeyRevoked',
          data: { affiliateId: 'ann', keyId: 'key_first', occurredAt: at(2) },
        },
      ]);
    expect(
      keysAfter([
        ...history,
        {
          type: 'ApiKeyRevoked',
          data: { affiliateId: 'ann', keyId: 'key_first', occurredAt: at(2) },
        },
      ]),
    ).toEqual([{ keyId: 'key_second', keyHash: 'key_second-hash', createdAt: at(1) }]);
  });

  it('revoking an unknown or already revoked key is refused api_key_not_found (404)', () => {
    const revoked: AffiliateEvent = {
      type: 'ApiKeyRevoked',
      data: { affiliateId: 'ann', keyId: 'key_first', occurredAt: at(2) },
    };
    keySpec([registeredNow, issued('key_first', T0), revoked])
      .when({ type: 'RevokeApiKey', keyId: 'key_first', now: at(3) })
      .thenThrows('api_key_not_found', 'not_found');
    keySpec([registeredNow])
      .when({ type: 'RevokeApiKey', keyId: 'key_nope', now: at(3) })
      .thenThrows('api_key_not_found', 'not_found');
  });

  it(`at most ${MAX_ACTIVE_API_KEYS} keys work at once`, () => {
    const many = Array.from({ length: MAX_ACTIVE_API_KEYS }, (_, i) => issued(`key_${i}`));
    keySpec([registeredNow, ...many])
      .when({ type: 'IssueApiKey', keyId: 'key_more', keyHash: 'h', now: at(2) })
      .thenThrows('too_many_api_keys');
  });

  it('no key is issued to an affiliate that does not exist', () => {
    keySpec([])
      .when({ type: 'IssueApiKey', keyId: 'key_x', keyHash: 'h', now: at(1) })
      .thenThrows('affiliate_not_found', 'not_found');
  });

  it('an old log’s registration with apiKeyHash replays as the first key, which can be revoked like any other', () => {
    const legacy = registered('ann', { apiKeyHash: 'old-hash' });
    expect(keysAfter([legacy])).toEqual([
      { keyId: LEGACY_KEY_ID, keyHash: 'old-hash', createdAt: T0 },
    ]);
    keySpec([legacy])
      .when({ type: 'RevokeApiKey', keyId: LEGACY_KEY_ID, now: at(1) })
      .thenMatches([{ type: 'ApiKeyRevoked' }]);
  });

  it('a registration issues its first key beside it, and the registration itself carries no key hash', () => {
    const { affiliateId: _id, occurredAt: _at, ...profile } = newRegistration;
    const [event, keyIssued] = keySpec()
      .when({
        type: 'RegisterAffiliate',
        affiliateId: 'ann',
        ...profile,
        apiKey: { keyId: 'key_first', keyHash: 'first-hash' },
        now: T0,
      })
      .events();
    expect(event).toEqual(registeredNow);
    expect(keyIssued).toEqual({
      type: 'ApiKeyIssued',
      data: { affiliateId: 'ann', keyId: 'key_first', keyHash: 'first-hash', occurredAt: T0 },
    });
    expect(keysAfter([event!, keyIssued!])).toEqual([
      { keyId: 'key_first', keyHash: 'first-hash', createdAt: T0 },
    ]);
  });
});
