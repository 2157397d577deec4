import {
  evolveAffiliate,
  streams,
  type AffiliateCommand,
  type AffiliateEvent,
  type AffiliateState,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';
import { affiliateHandler } from '../stream-handlers';

/** Two keys issued at once: the second decides again, so the key limit holds. */
const onAffiliate = affiliateHandler(retryOnConflict(1));
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
      { type: 'IssueApiKey', keyId, keyHash: hashApiKey(apiKey), now },
      actor,
    );
    return { keyId, apiKey, createdAt: now };
  }

  async revoke(affiliateId: string, keyId: string, actor: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.decide(affiliateId, { type: 'RevokeApiKey', keyId, now }, actor);
  }

  async list(affiliateId: string): Promise<{ keyId: string; createdAt: string }[]> {
    const { state } = await this.log.load<AffiliateState | null, AffiliateEvent>(
      streams.affiliate(affiliateId),
      null,
      evolveAffiliate,
    );
    return (state?.apiKeys ?? []).map(({ keyId, createdAt }) => ({ keyId, createdAt }));
  }

  private decide(affiliateId: string, command: AffiliateCommand, actor: string) {
    return handleCommand(this.log, onAffiliate, streams.affiliate(affiliateId), command, {
      actor,
    });
  }
}
