import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Callers } from '../http/callers';
import { LoginCommand, LogoutCommand, SessionQuery } from './auth.commands';
import { AcceptInviteDto, LoginDto } from './auth.dto';
import { AcceptInviteCommand } from './accept-invite.command';
import { SESSION_COOKIE, sessionToken } from './session-identity';
import { ApiRoutes } from '../http/api-docs';
import { AUTH_DOCS } from './auth.responses';

/** The portal's login: a session cookie for `/v1/me/*`, and the CSRF token the portal sends back on writes. */
@Controller('v1/auth')
@ApiRoutes(AUTH_DOCS)
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly callers: Callers,
  ) {}

  /** Rate-limited per IP and per account (see login-throttle.ts). */
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { token, ...session } = await this.commands.execute(
      new LoginCommand(body.email, body.password),
    );
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      expires: new Date(session.expiresAt),
    });
    return session;
  }

  /** Ends this session (a write: the CSRF header is needed when a session is open). */
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const token = sessionToken(request);
    if (token && (await this.callers.session(request)))
      await this.commands.execute(new LogoutCommand(token));
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Who the cookie belongs to, and the CSRF token for this session: what the portal reads when it loads. */
  @Get('session')
  async session(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
    const caller = await this.callers.session(request);
    return this.queries.execute(new SessionQuery(sessionToken(request), caller?.affiliate ?? null));
  }

  /** The set-password form of `/portal/invite/{token}`: one use, within 7 days. */
  @Post('invite')
  @HttpCode(200)
  acceptInvite(@Body() body: AcceptInviteDto) {
    return this.commands.execute(new AcceptInviteCommand(body.token, body.password));
  }
}
