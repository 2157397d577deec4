import { Inject, UnauthorizedException } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { Directory, PortalAccess, type Clock, type SessionStore } from '@threadtrak/application';
import type { AffiliateState } from '@threadtrak/ledger';
import { CLOCK, SESSION_STORE } from '@threadtrak/wiring';

/** What the portal reads when it loads, and after a login. */
export interface SessionView {
  affiliateId: string;
  name: string;
  csrfToken: string;
  expiresAt: string;
}

const badLogin = () =>
  new UnauthorizedException({
    error: { code: 'invalid_login', message: 'That email and password do not match an account.' },
  });

/** `POST /v1/auth/login`: a new session for a working account; its token becomes the cookie. */
export class LoginCommand extends Command<SessionView & { token: string }> {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {
    super();
  }
}

/** Ends one session. */
export class LogoutCommand extends Command<void> {
  constructor(readonly token: string) {
    super();
  }
}

/** The session behind a cookie, with the CSRF token the portal sends back on writes. */
export class SessionQuery extends Query<SessionView> {
  constructor(
    readonly token: string | null,
    readonly affiliate: AffiliateState | null,
  ) {
    super();
  }
}

@CommandHandler(LoginCommand)
export class LoginHandler implements ICommandHandler<LoginCommand> {
  constructor(
    private readonly portalAccess: PortalAccess,
    private readonly directory: Directory,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ email, password }: LoginCommand) {
    const affiliateId = await this.portalAccess.verifyLogin(email, password);
    if (!affiliateId) throw badLogin();
    const affiliate = this.directory.affiliate(affiliateId);
    // The same answer as a wrong password: a suspended account's existence is not confirmed.
    if (!affiliate || affiliate.status === 'suspended') throw badLogin();
    const session = await this.sessions.create(affiliateId, this.clock.now());
    return {
      token: session.token,
      affiliateId,
      name: affiliate.name,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }
}

@CommandHandler(LogoutCommand)
export class LogoutHandler implements ICommandHandler<LogoutCommand> {
  constructor(@Inject(SESSION_STORE) private readonly sessions: SessionStore) {}

  execute({ token }: LogoutCommand) {
    return this.sessions.revoke(token);
  }
}

@QueryHandler(SessionQuery)
export class SessionHandler implements IQueryHandler<SessionQuery> {
  constructor(
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ token, affiliate }: SessionQuery): Promise<SessionView> {
    const session = token && affiliate ? await this.sessions.find(token, this.clock.now()) : null;
    if (!affiliate || !session)
      throw new UnauthorizedException({
        error: { code: 'unauthorized', message: 'not logged in' },
      });
    return {
      affiliateId: affiliate.affiliateId,
      name: affiliate.name,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }
}
