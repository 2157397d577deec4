import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Callers } from '../http/callers';
import {
  ConsoleLoginCommand,
  ConsoleLogoutCommand,
  ConsoleSessionQuery,
} from './console-session.commands';
import { CONSOLE_COOKIE, consoleToken } from './console-session';
import { ConsoleLoginDto } from './console.dto';
import { ApiRoutes } from '../http/api-docs';
import { CONSOLE_SESSION_DOCS } from './console.responses';

/**
 * The program console's login: the admin token once, then an httpOnly cookie that opens the admin routes
 * (`/v1/admin/*`, `/v1/console/*`) and nothing else. The browser never keeps the token.
 */
@ApiTags('Console')
@Controller('v1/console')
@ApiRoutes(CONSOLE_SESSION_DOCS)
export class ConsoleSessionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly callers: Callers,
  ) {}

  @Post('login')
  @HttpCode(200)
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
  async logout(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const token = consoleToken(request);
    if (token && (await this.callers.consoleSession(request)))
      await this.commands.execute(new ConsoleLogoutCommand(token));
    void reply.clearCookie(CONSOLE_COOKIE, { path: '/' });
  }

  @Get('session')
  session(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('cache-control', 'no-store');
    return this.queries.execute(new ConsoleSessionQuery(consoleToken(request)));
  }
}
