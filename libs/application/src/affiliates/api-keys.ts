import {
  evolveAffiliate,
  issueApiKey,
  revokeApiKey,
  streams,
  type AffiliateEvent,
  type AffiliateState,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { hashApiKey, newApiKey, newApiKeyId } from './credentials';

export interface IssuedApiKey {
  keyId: string;
  /** Shown once, here; only its hash is stored. */
  apiKey: string;
  createdAt: string;
}

/** `POST/GET/DELETE /v1/me/api-keys`: keys are events in the affiliate's stream, decided on its revision. */
export class ApiKeys {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  async issue(affiliateId: string, actor: string): Promise<IssuedApiKey> {
    const keyId = newApiKeyId();
    const apiKey = newApiKey(affiliateId);
    const now = this.clock.now().toISOString();
    await this.decide(
      affiliateId,
      (state) => issueApiKey(state, { keyId, keyHash: hashApiKey(apiKey), now }),
      actor,
    );
    return { keyId, apiKey, createdAt: now };
  }

  async revoke(affiliateId: string, keyId: string, actor: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.decide(affiliateId, (state) => revokeApiKey(state, { keyId, now }), actor);
  }

  async list(affiliateId: string): Promise<{ keyId: string; createdAt: string }[]> {
    const { state } = await this.log.load<AffiliateState | null, AffiliateEvent>(
      streams.affiliate(affiliateId),
      null,
      evolveAffiliate,
    );
    return (state?.apiKeys ?? []).map(({ keyId, createdAt }) => ({ keyId, createdAt }));
  }

  private decide(
    affiliateId: string,
    decide: (state: AffiliateState | null) => AffiliateEvent,
    actor: string,
  ) {
    return this.log.decide<AffiliateState | null, AffiliateEvent, AffiliateEvent>(
      streams.affiliate(affiliateId),
      () => null,
      evolveAffiliate,
      (state) => {
        const event = decide(state);
        const keyId = (event.data as { keyId: string }).keyId;
        return {
          events: [{ event, cause: `${event.type}:${affiliateId}:${keyId}` }],
          result: event,
        };
      },
      { actor },
    );
  }
}
