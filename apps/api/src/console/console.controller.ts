import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Callers } from '../http/callers';
import {
  ConsoleLoginCommand,
  ConsoleLogoutCommand,
  ConsoleSessionQuery,
} from './console-session.commands';
import { CONSOLE_COOKIE, consoleToken } from './console-session';
import { ConsoleLoginDto, ConsoleSessionDto } from './console.dto';

/**
 * The program console's login: the admin token once, then an httpOnly cookie that opens the admin routes
 * (`/v1/admin/*`, `/v1/console/*`) and nothing else. The browser never keeps the token.
 */
@ApiTags('Console')
@Controller('v1/console')
export class ConsoleSessionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly callers: Callers,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Open a console session with the admin token',
    description:
      'Extension: `{token}` → `{csrfToken, expiresAt}` and the `tt_console` cookie (HttpOnly, SameSite=Strict, 12 hours). Limited to 10 attempts per IP in 15 minutes.',
  })
  @ApiOkResponse({ type: ConsoleSessionDto })
  @ApiUnauthorizedResponse({ description: 'Not the admin token.' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP.' })
  async login(
    @Body() body: ConsoleLoginDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { token, ...session } = await this.commands.execute(new ConsoleLoginCommand(body.token));
    void reply.header('cache-control', 'no-store').setCookie(CONSOLE_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      expires: new Date(session.expiresAt),
    });
    return session;
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End the console session',
    description: 'Extension: a write, so the CSRF header is needed while the session is open.',
  })
  @ApiNoContentResponse({ description: 'Logged out; the cookie is cleared.' })
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const token = consoleToken(request);
    if (token && (await this.callers.consoleSession(request)))
      await this.commands.execute(new ConsoleLogoutCommand(token));
    void reply.clearCookie(CONSOLE_COOKIE, { path: '/' });
  }

  @Get('session')
  @ApiOperation({
    summary: 'The console session behind the cookie',
    description: 'Extension: `{csrfToken, expiresAt}`, read by the console when it loads.',
  })
  @ApiOkResponse({ type: ConsoleSessionDto })
  @ApiUnauthorizedResponse({ description: 'Not logged in.' })
  session(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
    return this.queries.execute(new ConsoleSessionQuery(consoleToken(request)));
  }
}
