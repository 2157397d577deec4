import { Controller, Get, Req, Res } from '@nestjs/common';
import { ConsumerLag, LeaseHolders } from '@threadtrak/application';
import { DashboardQueries } from '@threadtrak/read-models';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiRoutes } from '../http/api-docs';
import { Callers } from '../http/callers';
import { HEALTH_DOCS } from './health.responses';

@Controller()
@ApiRoutes(HEALTH_DOCS)
export class HealthController {
  constructor(
    private readonly lag: ConsumerLag,
    private readonly leases: LeaseHolders,
    private readonly queries: DashboardQueries,
    private readonly callers: Callers,
  ) {}

  @Get('healthz')
  healthz() {
    return { status: 'ok' };
  }

  /**
   * Ready when the event store answers. The body says how far the projections and the other log consumers
   * lag behind the log, who holds each consumer's lease, and how many payouts wait for an operator: all
   * read from shared state (checkpoints in the event store, read models, leases in Redis), so an api
   * process without the worker reports what the worker did and holds. The lease holders name hosts and
   * process ids: only an admin caller (the admin token or a console session) sees them; a probe does not.
   */
  @Get('readyz')
  async readyz(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    try {
      const { headPosition, projections, consumers } = await this.lag.read();
      return {
        status: 'ready',
        eventStore: 'ok',
        headPosition,
        projections,
        consumers,
        ...((await this.isAdmin(request)) ? { leases: await this.leases.read() } : {}),
        payoutsNeedingAttention: (await this.queries.payoutsNeedingAttention()).length,
      };
    } catch (error) {
      reply.status(503);
      return { status: 'unavailable', eventStore: (error as Error).message };
    }
  }

  private async isAdmin(request: FastifyRequest): Promise<boolean> {
    if (request.headers.authorization === undefined)
      return (await this.callers.consoleSession(request)) !== null;
    return (await this.callers.identify(request))?.kind === 'admin';
  }
}
