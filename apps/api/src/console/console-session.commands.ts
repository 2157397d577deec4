import { Inject, UnauthorizedException } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { sameSecret, type Clock, type SessionStore } from '@threadtrak/application';
import { CLOCK, SECRETS, SESSION_STORE, type Secrets } from '@threadtrak/wiring';
import { CONSOLE_SESSION_MS, CONSOLE_SUBJECT } from './console-session';

/** What the console reads when it loads, and after a login. */
export interface ConsoleSessionView {
  csrfToken: string;
  expiresAt: string;
}

const unauthorized = (message: string) =>
  new UnauthorizedException({ error: { code: 'unauthorized', message } });

/** `POST /v1/console/login`: the admin token, once, for a session; its token becomes the cookie. */
export class ConsoleLoginCommand extends Command<ConsoleSessionView & { token: string }> {
  constructor(readonly adminToken: string) {
    super();
  }
}

/** Ends one console session. */
export class ConsoleLogoutCommand extends Command<void> {
  constructor(readonly token: string) {
    super();
  }
}

/** The console session behind a cookie, with its CSRF token. */
export class ConsoleSessionQuery extends Query<ConsoleSessionView> {
  constructor(readonly token: string | null) {
    super();
  }
}

@CommandHandler(ConsoleLoginCommand)
export class ConsoleLoginHandler implements ICommandHandler<ConsoleLoginCommand> {
  constructor(
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ adminToken }: ConsoleLoginCommand) {
    if (!sameSecret(adminToken, this.secrets.adminToken))
      throw unauthorized('That is not the admin token.');
    const session = await this.sessions.create(
      CONSOLE_SUBJECT,
      this.clock.now(),
      CONSOLE_SESSION_MS,
    );
    return { token: session.token, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }
}

@CommandHandler(ConsoleLogoutCommand)
export class ConsoleLogoutHandler implements ICommandHandler<ConsoleLogoutCommand> {
  constructor(@Inject(SESSION_STORE) private readonly sessions: SessionStore) {}

  execute({ token }: ConsoleLogoutCommand) {
    return this.sessions.revoke(token);
  }
}

@QueryHandler(ConsoleSessionQuery)
export class ConsoleSessionHandler implements IQueryHandler<ConsoleSessionQuery> {
  constructor(
    @Inject(SESSION_STORE) private readonly sessions: SessionStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ token }: ConsoleSessionQuery): Promise<ConsoleSessionView> {
    const session = token ? await this.sessions.find(token, this.clock.now()) : null;
    if (!session || session.affiliateId !== CONSOLE_SUBJECT) throw unauthorized('not logged in');
    return { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }
}
