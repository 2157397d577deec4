import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import type { FastifyReply } from 'fastify';
import { RUNTIME } from '../http/runtime.token';
import { ApiRoutes } from '../http/api-docs';
import { HEALTH_DOCS } from './health.responses';

@Controller()
@ApiRoutes(HEALTH_DOCS)
export class HealthController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /** Ready when the event store answers; the body says how far the projections lag behind the log. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const headPosition = await this.runtime.store.headPosition();
      return {
        status: 'ready',
        eventStore: 'ok',
        headPosition,
        projections: (await this.runtime.projectionLag?.()) ?? {},
        payoutsNeedingAttention: this.runtime.payoutsNeedingAttention?.().length ?? 0,
      };
    } catch (error) {
      reply.status(503);
      return { status: 'unavailable', eventStore: (error as Error).message };
    }
  }
}
