import { WrongExpectedRevisionError } from '@threadtrak/event-store';
import {
  refuse,
  registerAffiliate,
  streams,
  type ProductScope,
  type RefCodeClaimed,
} from '@threadtrak/ledger';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { emailHash, hashApiKey, newAffiliateId, newApiKey, newApiKeyId } from './credentials';

export interface RegisterAffiliateRequest {
  name: string;
  email: string;
  refCode?: string;
  productScope: ProductScope;
  rateBps?: number;
}

/**
 * `POST /v1/admin/affiliates`. Everything is decided before anything is written, so a refusal writes nothing.
 * Then the ref code is claimed in its own stream (expected: no stream), so two registrations racing for one
 * code cannot both win, and the affiliate's stream gets the registration and its first API key. The key is
 * returned once and only its hash is kept.
 *
 * A claim whose affiliate never got registered (the process died between the two appends) does not burn the
 * code: the next registration sees the claim has no affiliate and claims it after it, on that revision.
 */
export class RegisterAffiliate {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
    private readonly emailHashSecret: string,
  ) {}

  async execute(request: RegisterAffiliateRequest, actor: string) {
    const affiliateId = newAffiliateId();
    const apiKey = newApiKey(affiliateId);
    const refCode = request.refCode ?? generatedRefCode(request.name);
    const { claim, registered, keyIssued } = registerAffiliate({
      affiliateId,
      name: request.name,
      email: request.email,
      emailHash: emailHash(this.emailHashSecret, request.email),
      refCode,
      productScope: request.productScope,
      rateBps: request.rateBps ?? null,
      apiKey: { keyId: newApiKeyId(), keyHash: hashApiKey(apiKey) },
      now: this.clock.now().toISOString(),
    });
    await this.claim(refCode, affiliateId, claim, actor);
    await this.log.append(
      streams.affiliate(affiliateId),
      [
        { event: registered, cause: `affiliate:${affiliateId}` },
        { event: keyIssued, cause: `ApiKeyIssued:${affiliateId}:${keyIssued.data.keyId}` },
      ],
      'no_stream',
      { actor },
    );
    return { affiliateId, refCode, apiKey };
  }

  private async claim(
    refCode: string,
    affiliateId: string,
    claim: RefCodeClaimed,
    actor: string,
  ): Promise<void> {
    const taken = () => refuse('ref_code_taken', `ref code ${refCode} is taken`, 'conflict');
    try {
      await this.log.append(
        streams.refCode(refCode),
        [{ event: claim, cause: `refcode:${refCode}:${affiliateId}` }],
        'no_stream',
        { actor },
      );
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
    const last = await this.lastClaim(refCode);
    if (!last || (await this.registered(last.affiliateId))) taken();
    try {
      await this.log.append(
        streams.refCode(refCode),
        [{ event: claim, cause: `refcode:${refCode}:${affiliateId}` }],
        last!.revision,
        { actor },
      );
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) taken();
      throw error;
    }
  }

  private async lastClaim(
    refCode: string,
  ): Promise<{ affiliateId: string; revision: number } | null> {
    let last: { affiliateId: string; revision: number } | null = null;
    for await (const event of this.log.store.readStream(streams.refCode(refCode))) {
      last = {
        affiliateId: (event.data as RefCodeClaimed['data']).affiliateId,
        revision: event.revision,
      };
    }
    return last;
  }

  private async registered(affiliateId: string): Promise<boolean> {
    for await (const _event of this.log.store.readStream(streams.affiliate(affiliateId), {
      maxCount: 1,
    }))
      return true;
    return false;
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
