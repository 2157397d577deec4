import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import {
  affiliateOfApiKey,
  matchingApiKey,
  sameSecret,
  type Runtime,
} from '@threadtrak/application';
import type { AffiliateState } from '@threadtrak/ledger';
import type { FastifyRequest } from 'fastify';
import { identifySession } from '../auth/session-identity';
import { RUNTIME } from './runtime.token';

export type Caller =
  { kind: 'admin' } | { kind: 'shop' } | { kind: 'affiliate'; affiliate: AffiliateState };

const unauthorized = () =>
  new UnauthorizedException({
    error: { code: 'unauthorized', message: 'missing or invalid credentials' },
  });
const forbidden = () =>
  new ForbiddenException({
    error: { code: 'forbidden', message: 'these credentials do not open this route' },
  });

/** Who is calling: the admin token, a shop token, an affiliate's API key (compared in constant time), or a portal session. */
export const identify = async (
  runtime: Runtime,
  request: FastifyRequest,
): Promise<Caller | null> => {
  const header = request.headers.authorization;
  if (header === undefined) return identifySession(runtime, request);
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return null;
  const token = header.slice(7).trim();
  if (token.length === 0 || token.length > 512) return null;
  if (sameSecret(token, runtime.adminToken)) return { kind: 'admin' };
  if (runtime.config.shopToken && sameSecret(token, runtime.config.shopToken))
    return { kind: 'shop' };
  const affiliateId = affiliateOfApiKey(token);
  if (!affiliateId) return null;
  // From the affiliate's stream, not the directory: a revoked key or a suspension counts from the next request.
  const affiliate = await runtime.facts.affiliate(affiliateId);
  if (!affiliate || !matchingApiKey(affiliate.apiKeys, token)) return null;
  return { kind: 'affiliate', affiliate };
};

abstract class CallerGuard implements CanActivate {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}
  protected abstract allows(caller: Caller): boolean;

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const caller = await identify(this.runtime, request);
    if (!caller) throw unauthorized();
    if (!this.allows(caller)) throw forbidden();
    request.caller = caller;
    return true;
  }
}

@Injectable()
export class AdminGuard extends CallerGuard {
  protected allows(caller: Caller) {
    return caller.kind === 'admin';
  }
}

/** Orders come from the admin or from a shop's server. */
@Injectable()
export class OrderSourceGuard extends CallerGuard {
  protected allows(caller: Caller) {
    return caller.kind === 'admin' || caller.kind === 'shop';
  }
}

/** Every affiliate caller, however identified, passes here: a suspended affiliate is refused on all of `/v1/me`. */
@Injectable()
export class AffiliateGuard extends CallerGuard {
  protected allows(caller: Caller) {
    return caller.kind === 'affiliate';
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const caller = context.switchToHttp().getRequest<{ caller: Caller }>().caller;
    if (caller.kind === 'affiliate' && caller.affiliate.status === 'suspended') {
      throw new ForbiddenException({
        error: { code: 'affiliate_suspended', message: 'this affiliate is suspended' },
      });
    }
    return true;
  }
}

/** The affiliate behind an AffiliateGuard-protected route. */
export const CurrentAffiliate = createParamDecorator(
  (_: unknown, context: ExecutionContext): AffiliateState => {
    const caller = context.switchToHttp().getRequest<{ caller: Caller }>().caller;
    if (caller.kind !== 'affiliate') throw forbidden();
    return caller.affiliate;
  },
);

export const actorOf = (caller: Caller): string =>
  caller.kind === 'affiliate' ? `affiliate:${caller.affiliate.affiliateId}` : caller.kind;
