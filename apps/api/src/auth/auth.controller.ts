import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RUNTIME } from '../http/runtime.token';
import { AcceptInviteDto, LoginDto } from './auth.dto';
import { identifySession, SESSION_COOKIE } from './session-identity';

const badLogin = () =>
  new UnauthorizedException({
    error: { code: 'invalid_login', message: 'That email and password do not match an account.' },
  });

/** The portal's login: a session cookie for `/v1/me/*`, and the CSRF token the portal sends back on writes. */
@Controller('v1/auth')
export class AuthController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** Rate-limited per IP and per account (see login-throttle.ts). */
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() body: LoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const affiliateId = await this.runtime.portalAccess.verifyLogin(body.email, body.password);
    if (!affiliateId) throw badLogin();
    const affiliate = this.runtime.directory.affiliate(affiliateId);
    if (!affiliate || affiliate.status === 'suspended') throw badLogin();
    const session = await this.runtime.sessions.create(affiliateId, this.runtime.clock.now());
    void reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      expires: new Date(session.expiresAt),
    });
    return {
      affiliateId,
      name: affiliate.name,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }

  /** Ends this session (a write: the CSRF header is needed when a session is open). */
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const token = request.cookies?.[SESSION_COOKIE];
    if (token && (await identifySession(this.runtime, request)))
      await this.runtime.sessions.revoke(token);
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Who the cookie belongs to, and the CSRF token for this session: what the portal reads when it loads. */
  @Get('session')
  async session(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
    const token = request.cookies?.[SESSION_COOKIE];
    const caller = await identifySession(this.runtime, request);
    const session =
      token && caller ? await this.runtime.sessions.find(token, this.runtime.clock.now()) : null;
    if (!caller || !session)
      throw new UnauthorizedException({
        error: { code: 'unauthorized', message: 'not logged in' },
      });
    return {
      affiliateId: caller.affiliate.affiliateId,
      name: caller.affiliate.name,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt,
    };
  }

  /** The set-password form of `/portal/invite/{token}`: one use, within 7 days. */
  @Post('invite')
  @HttpCode(200)
  acceptInvite(@Body() body: AcceptInviteDto) {
    return this.runtime.portalAccess.acceptInvite(body.token, body.password);
  }
}
