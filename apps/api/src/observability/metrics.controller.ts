import {
  Controller,
  Get,
  Inject,
  Injectable,
  Res,
  UnauthorizedException,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { sameSecret, type AppConfig } from '@threadtrak/application';
import { APP_CONFIG, SECRETS, type Secrets } from '@threadtrak/wiring';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Callers } from '../http/callers';
import { Metrics } from './metrics';
import { ApiRoutes } from '../http/api-docs';
import { METRICS_DOCS } from './metrics.responses';

/**
 * The admin token opens `/metrics`; so does `METRICS_TOKEN`, which opens nothing else (for a scraper); so
 * does a console session, whose Operations page reads it.
 */
@Injectable()
export class MetricsGuard implements CanActivate {
  constructor(
    @Inject(SECRETS) private readonly secrets: Secrets,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly callers: Callers,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const header = request.headers.authorization;
    if (header === undefined && (await this.callers.consoleSession(request))) return true;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const opens = [this.secrets.adminToken, this.config.metricsToken].some(
      (secret) => token.length > 0 && secret !== undefined && sameSecret(token, secret),
    );
    if (!opens)
      throw new UnauthorizedException({
        error: { code: 'unauthorized', message: 'missing or invalid credentials' },
      });
    return true;
  }
}

@ApiTags('Operations')
@ApiBearerAuth()
@Controller('metrics')
@ApiRoutes(METRICS_DOCS)
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  /** Prometheus text format (API.md, "Operations"); see docs/operations.md for each metric. */
  @Get()
  @UseGuards(MetricsGuard)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.exposition();
    reply.header('content-type', contentType).header('cache-control', 'no-store');
    return body;
  }
}
