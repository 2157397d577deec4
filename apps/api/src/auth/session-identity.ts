import { ForbiddenException } from '@nestjs/common';
import { sameSecret, type Runtime } from '@threadtrak/application';
import type { AffiliateState } from '@threadtrak/ledger';
import type { FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tt_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The affiliate behind a portal session cookie. A write made with the cookie must carry the session's CSRF
 * token in `X-CSRF-Token`: another site can make the browser send the cookie, but cannot read the token.
 * A suspended affiliate's sessions end here (all revoked, then 403).
 */
export const identifySession = async (
  runtime: Runtime,
  request: FastifyRequest,
): Promise<{ kind: 'affiliate'; affiliate: AffiliateState } | null> => {
  const token = (request.cookies as Record<string, string | undefined> | undefined)?.[
    SESSION_COOKIE
  ];
  if (!token || token.length > 256) return null;
  const session = await runtime.sessions.find(token, runtime.clock.now());
  if (!session) return null;
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
      throw new ForbiddenException({
        error: {
          code: 'csrf_token_invalid',
          message:
            'this change needs the X-CSRF-Token header of your session; reload the page and try again',
        },
      });
    }
  }
  const affiliate =
    runtime.directory.affiliate(session.affiliateId) ??
    (await runtime.facts.affiliate(session.affiliateId));
  if (!affiliate) return null;
  if (affiliate.status === 'suspended') {
    await runtime.sessions.revokeAll(affiliate.affiliateId);
    throw new ForbiddenException({
      error: { code: 'affiliate_suspended', message: 'this affiliate account is suspended' },
    });
  }
  return { kind: 'affiliate', affiliate };
};
