import { WrongExpectedRevisionError } from '@threadtrak/event-store';
import { refuse, registerAffiliate, streams, type ProductScope } from '@threadtrak/ledger';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { emailHash, hashApiKey, newAffiliateId, newApiKey } from './credentials';

export interface RegisterAffiliateRequest {
  name: string;
  email: string;
  refCode?: string;
  productScope: ProductScope;
  rateBps?: number;
}

/**
 * `POST /v1/admin/affiliates`. The ref code is claimed first in its own stream (expected: no stream), so two
 * registrations racing for one code cannot both win; the API key is returned once and only its hash is kept.
 */
export class RegisterAffiliate {
  constructor(private readonly log: EventLog, private readonly clock: Clock) {}

  async execute(request: RegisterAffiliateRequest, actor: string) {
    const affiliateId = newAffiliateId();
    const apiKey = newApiKey(affiliateId);
    const refCode = request.refCode ?? generatedRefCode(request.name);
    const { claim, registered } = registerAffiliate({
      affiliateId,
      name: request.name,
      email: request.email,
      emailHash: emailHash(request.email),
      refCode,
      productScope: request.productScope,
      rateBps: request.rateBps ?? null,
      apiKeyHash: hashApiKey(apiKey),
      now: this.clock.now().toISOString(),
    });
    try {
      await this.log.append(streams.refCode(refCode), [{ event: claim, cause: `refcode:${refCode}:${affiliateId}` }], 'no_stream', { actor });
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) refuse('ref_code_taken', `ref code ${refCode} is taken`, 'conflict');
      throw error;
    }
    await this.log.append(streams.affiliate(affiliateId), [{ event: registered, cause: `affiliate:${affiliateId}` }], 'no_stream', { actor });
    return { affiliateId, refCode, apiKey };
  }
}

/** A readable code from the name plus a random suffix: `jane-doe-4k2x`. */
const generatedRefCode = (name: string): string => {
  const stem = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 20) || 'partner';
  const suffix = randomBytes(4).toString('hex').slice(0, 6);
  return `${stem.length < 3 ? 'partner' : stem}-${suffix}`;
};
