import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import type { WebhookEndpoints } from '@threadtrak/application';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { badInput } from '../http/validation';
import { positiveInt } from '../http/query-params';
import { RegisterWebhookDto } from './webhooks.dto';

/** Nest injection token of the admin's webhook service (built from the runtime in AppModule). */
export const WEBHOOK_ENDPOINTS = Symbol('WEBHOOK_ENDPOINTS');

type Authed = { caller: Caller };
const WEBHOOK_ID = /^we_[0-9a-f]{16}$/;
const DELIVERY_ID = /^whd_[0-9a-f]{24}$/;
const notFound = (what: string) =>
  new NotFoundException({ error: { code: 'not_found', message: `no such ${what}` } });

/** Outbound webhooks (shared/API.md): endpoints with a secret shown once, their deliveries, redelivery. */
@Controller('v1/admin/webhooks')
@UseGuards(AdminGuard)
export class WebhooksController {
  constructor(@Inject(WEBHOOK_ENDPOINTS) private readonly webhooks: WebhookEndpoints) {}

  @Post()
  register(@Body() body: RegisterWebhookDto, @Req() request: Authed) {
    if (body.events.includes('*') && body.events.length > 1)
      throw badInput('events: "*" stands alone', [
        { field: 'events', problems: ['"*" with other events'] },
      ]);
    return this.webhooks.register({ url: body.url, events: body.events }, actorOf(request.caller));
  }

  @Get()
  async list() {
    return { webhooks: await this.webhooks.list() };
  }

  @Delete(':webhookId')
  @HttpCode(200)
  async remove(@Param('webhookId') webhookId: string, @Req() request: Authed) {
    if (
      !WEBHOOK_ID.test(webhookId) ||
      !(await this.webhooks.remove(webhookId, actorOf(request.caller)))
    )
      throw notFound('webhook');
    return { webhookId, deleted: true };
  }

  @Get(':webhookId/deliveries')
  async deliveries(@Param('webhookId') webhookId: string, @Query() query: Record<string, unknown>) {
    const limit = query.limit === undefined ? 50 : Math.min(200, positiveInt(query.limit, 'limit'));
    if (!WEBHOOK_ID.test(webhookId) || !(await this.webhooks.find(webhookId)))
      throw notFound('webhook');
    return { deliveries: await this.webhooks.deliveries(webhookId, limit) };
  }

  /** Extension: one more attempt of one delivery (e.g. after fixing the receiver), whatever its status. */
  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  async redeliver(
    @Param('webhookId') webhookId: string,
    @Param('deliveryId') deliveryId: string,
    @Req() request: Authed,
  ) {
    if (!WEBHOOK_ID.test(webhookId) || !(await this.webhooks.find(webhookId)))
      throw notFound('webhook');
    const delivery = DELIVERY_ID.test(deliveryId)
      ? await this.webhooks.redeliver(webhookId, deliveryId, actorOf(request.caller))
      : null;
    if (!delivery) throw notFound('delivery');
    return delivery;
  }
}
