import { ForbiddenException, Global, Inject, Injectable, Module } from '@nestjs/common';
import {
  affiliateOfApiKey,
  Directory,
  Facts,
  matchingApiKey,
  sameSecret,
  type AppConfig,
  type Clock,
  type SessionStore,
} from '@threadtrak/application';
import type { AffiliateState } from '@threadtrak/ledger';
import { APP_CONFIG, CLOCK, SECRETS, SESSION_STORE, type Secrets } from '@threadtrak/wiring';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER, sessionToken } from '../auth/session-identity';
import { CONSOLE_SUBJECT, consoleToken } from '../console/console-session';

/** `via: 'console'`: the admin logged into the program console (a session cookie, not the token). */
export type Caller =
  | { kind: 'admin'; via?: 'console' }
  | { kind: 'shop' }
  | { kind: 'affiliate'; affiliate: AffiliateState };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Who is calling: the admin token, a shop token, an affiliate's API key (compared in constant time), or a portal session. */
@Injectable()
export class Callers {
  constructor(
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly facts: Facts,
    private readonly directory: Directory,
  ) {}

  async identify(request: FastifyRequest): Promise<Caller | null> {
    const header = request.headers.authorization;
    if (header === undefined) return this.session(request);
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
    const token = header.slice(7).trim();
    if (token.length === 0 || token.length > 512) return null;
    if (sameSecret(token, this.secrets.adminToken)) return { kind: 'admin' };
    if (this.config.shopToken && sameSecret(token, this.config.shopToken)) return { kind: 'shop' };
    const affiliateId = affiliateOfApiKey(token);
    if (!affiliateId) return null;
    // From the affiliate's stream, not the directory: a revoked key or a suspension counts from the next request.
    const affiliate = await this.facts.affiliate(affiliateId);
    if (!affiliate || !matchingApiKey(affiliate.apiKeys, token)) return null;
    return { kind: 'affiliate', affiliate };
  }

  /**
   * The affiliate behind a portal session cookie. A write made with the cookie must carry the session's
   * CSRF token in `X-CSRF-Token`: another site can make the browser send the cookie, but cannot read the
   * token. A suspended affiliate's sessions end here (all revoked, then 403).
   */
  async session(
    request: FastifyRequest,
  ): Promise<{ kind: 'affiliate'; affiliate: AffiliateState } | null> {
    const token = sessionToken(request);
    if (!token) return null;
    const session = await this.sessions.find(token, this.clock.now());
    if (!session || session.affiliateId === CONSOLE_SUBJECT) return null;
    checkCsrf(request, session.csrfToken);
    const affiliate =
      this.directory.affiliate(session.affiliateId) ??
      (await this.facts.affiliate(session.affiliateId));
    if (!affiliate) return null;
    if (affiliate.status === 'suspended') {
      await this.sessions.revokeAll(affiliate.affiliateId);
      throw new ForbiddenException({
        error: { code: 'affiliate_suspended', message: 'this affiliate account is suspended' },
      });
    }
    return { kind: 'affiliate', affiliate };
  }

  /**
   * The admin behind a console session cookie (`tt_console`). It opens only what the admin token opens,
   * and a write needs the session's CSRF token, as the portal's does.
   */
  async consoleSession(request: FastifyRequest): Promise<{ kind: 'admin'; via: 'console' } | null> {
    const token = consoleToken(request);
    if (!token) return null;
    const session = await this.sessions.find(token, this.clock.now());
    if (!session || session.affiliateId !== CONSOLE_SUBJECT) return null;
    checkCsrf(request, session.csrfToken);
    return { kind: 'admin', via: 'console' };
  }
}

/** Another site can make the browser send a cookie, but cannot read the token the page sends back. */
const checkCsrf = (request: FastifyRequest, csrfToken: string) => {
  if (SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameSecret(sent, csrfToken)) {
    throw new ForbiddenException({
      error: {
        code: 'csrf_token_invalid',
        message:
          'this change needs the X-CSRF-Token header of your session; reload the page and try again',
      },
    });
  }
};

/** Global so that every feature module's guards can identify their caller. */
@Global()
@Module({ providers: [Callers], exports: [Callers] })
export class CallersModule {}
