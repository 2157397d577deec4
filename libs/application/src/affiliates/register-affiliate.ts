import { streams, type ProductScope } from '@threadtrak/ledger';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { handleCommand, retryOnConflict } from '../handle-command';
import { affiliateHandler, refCodeHandler } from '../stream-handlers';
import { emailHash, hashApiKey, newAffiliateId, newApiKey, newApiKeyId } from './credentials';

/** Two registrations racing for one code: the loser decides again and finds the code taken (409). */
const onRefCode = refCodeHandler(retryOnConflict(1));
/** A new affiliate id has no other writer: a conflict is a bug, never retried. */
const onNewAffiliate = affiliateHandler(retryOnConflict(0));

export interface RegisterAffiliateRequest {
  name: string;
  email: string;
  refCode?: string;
  productScope: ProductScope;
  rateBps?: number;
}

/**
 * `POST /v1/admin/affiliates`. The ref code is claimed first in its own stream (refCodeDecider), so two
 * registrations racing for one code cannot both win; then the affiliate's stream gets the registration and
 * its first API key (affiliateDecider). A refusal writes nothing. The key is returned once and only its
 * hash is kept.
 */
export class RegisterAffiliate {
  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly clock: Clock,
    private readonly emailHashSecret: string,
  ) {}

  async execute(request: RegisterAffiliateRequest, actor: string) {
    const affiliateId = newAffiliateId();
    const apiKey = newApiKey(affiliateId);
    const refCode = request.refCode ?? generatedRefCode(request.name);
    const now = this.clock.now().toISOString();
    await handleCommand(
      this.log,
      onRefCode,
      streams.refCode(refCode),
      async (holder) => ({
        type: 'ClaimRefCode' as const,
        refCode,
        affiliateId,
        holderRegistered: holder
          ? (await this.facts.affiliate(holder.affiliateId)) !== null
          : false,
        now,
      }),
      { actor },
    );
    await handleCommand(
      this.log,
      onNewAffiliate,
      streams.affiliate(affiliateId),
      {
        type: 'RegisterAffiliate',
        affiliateId,
        name: request.name,
        email: request.email,
        emailHash: emailHash(this.emailHashSecret, request.email),
        refCode,
        productScope: request.productScope,
        rateBps: request.rateBps ?? null,
        apiKey: { keyId: newApiKeyId(), keyHash: hashApiKey(apiKey) },
        now,
      },
      { actor },
    );
    return { affiliateId, refCode, apiKey };
  }
}

/** A readable code from the name plus a random suffix: `jane-doe-4k2x`. */
const generatedRefCode = (name: string): string => {
  const stem =
    name
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 20) || 'partner';
  const suffix = randomBytes(4).toString('hex').slice(0, 6);
  return `${stem.length < 3 ? 'partner' : stem}-${suffix}`;
};
