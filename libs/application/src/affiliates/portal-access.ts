import {
  accessDecider,
  assert,
  evolveAccess,
  initialAccess,
  refuse,
  streams,
  type AccessCommand,
  type AccessEvent,
  type AccessState,
} from '@threadtrak/ledger';
import argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';
import type { Directory } from './directory';
import { emailHash, legacyEmailHash, sha256 } from './credentials';
import type { SessionStore } from './sessions';

/** A hash of a password nobody has: verified when the email is unknown, so both answers take as long. */
const DECOY_HASH = argon2.hash('threadtrak-decoy-password');

/** The invite token names its affiliate (like an API key), so accepting it reads one stream. */
const affiliateOfInvite = (token: string): string | null =>
  /^(aff_[a-z0-9]{16})\.[A-Za-z0-9_-]{43}$/.exec(token)?.[1] ?? null;

/**
 * Invites, passwords and logins of the affiliate portal. Invites and password changes are facts in the
 * log (stream `access-{affiliateId}`, hashes only); sessions are not (see SessionStore).
 */
export class PortalAccess {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
    private readonly directory: Directory,
    private readonly sessions: SessionStore,
    private readonly publicBaseUrl: string,
    /** The keyed email hash's secret: affiliates are found by the hash their registration recorded. */
    private readonly emailHashSecret: string,
  ) {}

  /** A new one-use invite URL; the previous invite stops working. */
  async issueInvite(
    affiliateId: string,
    actor: string,
  ): Promise<{ inviteUrl: string; expiresAt: string }> {
    const token = `${affiliateId}.${randomBytes(32).toString('base64url')}`;
    const inviteId = `inv_${randomBytes(8).toString('hex')}`;
    const [event] = await this.decide(
      affiliateId,
      { type: 'IssueInvite', affiliateId, inviteId, tokenHash: sha256(token), now: this.now() },
      actor,
      inviteId,
    );
    assert(
      event?.type === 'AffiliateInviteIssued',
      'issuing an invite appends AffiliateInviteIssued',
    );
    const { expiresAt } = event.data;
    return {
      inviteUrl: `${this.publicBaseUrl.replace(/\/$/, '')}/portal/invite/${token}`,
      expiresAt,
    };
  }

  /** Sets the password the invite's holder chose; every open session of the affiliate ends. */
  async acceptInvite(token: string, password: string): Promise<{ affiliateId: string }> {
    const affiliateId = affiliateOfInvite(token);
    if (!affiliateId) {
      return refuse(
        'invite_invalid',
        'This invite link is not valid. Ask the program manager for a new one.',
        'not_found',
      );
    }
    const passwordHash = await argon2.hash(password, { type: argon2.argon2id });
    await this.decide(
      affiliateId,
      {
        type: 'AcceptInvite',
        affiliateId,
        tokenHash: sha256(token),
        passwordHash,
        now: this.now(),
      },
      `affiliate:${affiliateId}`,
      token,
    );
    await this.sessions.revokeAll(affiliateId);
    return { affiliateId };
  }

  /** The affiliate whose email and password these are, or null (one answer for every kind of mismatch). */
  async verifyLogin(email: string, password: string): Promise<string | null> {
    // Keyed, or the unkeyed hash of an affiliate registered before hashes were keyed.
    const hashes = new Set([emailHash(this.emailHashSecret, email), legacyEmailHash(email)]);
    const candidates = this.directory
      .allAffiliates()
      .filter((affiliate) => hashes.has(affiliate.emailHash));
    for (const affiliate of candidates) {
      const { passwordHash } = await this.access(affiliate.affiliateId);
      if (passwordHash && (await argon2.verify(passwordHash, password)))
        return affiliate.affiliateId;
    }
    if (candidates.length === 0) await argon2.verify(await DECOY_HASH, password);
    return null;
  }

  private async access(affiliateId: string): Promise<AccessState> {
    return (
      await this.log.load<AccessState, AccessEvent>(
        streams.access(affiliateId),
        initialAccess(),
        evolveAccess,
      )
    ).state;
  }

  /** `cause`: what the events' ids derive from (the invite, the token), hashed. */
  private async decide(
    affiliateId: string,
    command: AccessCommand,
    actor: string,
    cause: string,
  ): Promise<AccessEvent[]> {
    const { events } = await handleCommand(
      this.log,
      {
        decider: accessDecider,
        cause: (event) => `${event.type}:${sha256(cause)}`,
        // An invite and its acceptance racing: once more on the fresh state, then 409.
        retry: retryOnConflict(1),
      },
      streams.access(affiliateId),
      command,
      { actor },
    );
    return events;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}
