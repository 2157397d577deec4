import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import type { AffiliateState } from '@threadtrak/ledger';
import type { FastifyRequest } from 'fastify';
import { Callers, type Caller } from './callers';

export type { Caller } from './callers';

const unauthorized = () =>
  new UnauthorizedException({
    error: { code: 'unauthorized', message: 'missing or invalid credentials' },
  });
const forbidden = () =>
  new ForbiddenException({
    error: { code: 'forbidden', message: 'these credentials do not open this route' },
  });

abstract class CallerGuard implements CanActivate {
  constructor(@Inject(Callers) protected readonly callers: Callers) {}
  protected abstract allows(caller: Caller): boolean;

  protected identify(request: FastifyRequest): Promise<Caller | null> {
    return this.callers.identify(request);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { caller?: Caller }>();
    const caller = await this.identify(request);
    if (!caller) throw unauthorized();
    if (!this.allows(caller)) throw forbidden();
    request.caller = caller;
    return true;
  }
}

/** The admin token, or a program console session (the cookie opens admin routes only, never `/v1/me`). */
@Injectable()
export class AdminGuard extends CallerGuard {
  protected override async identify(request: FastifyRequest): Promise<Caller | null> {
    if (request.headers.authorization === undefined) {
      const admin = await this.callers.consoleSession(request);
      if (admin) return admin;
    }
    return this.callers.identify(request);
  }

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

export const actorOf = (caller: Caller): string => {
  if (caller.kind === 'affiliate') return `affiliate:${caller.affiliate.affiliateId}`;
  return caller.kind === 'admin' && caller.via === 'console' ? 'admin:console' : caller.kind;
};
