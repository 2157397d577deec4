import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import {
  DeliveriesQuery,
  RedeliverCommand,
  RegisterWebhookCommand,
  RemoveWebhookCommand,
  WebhooksQuery,
} from './webhooks.commands';
import { RegisterWebhookDto } from './webhooks.dto';
import { ApiRoutes } from '../http/api-docs';
import { WEBHOOKS_DOCS } from './webhooks.responses';

type Authed = { caller: Caller };

/** Outbound webhooks (shared/API.md): endpoints with a secret shown once, their deliveries, redelivery. */
@Controller('v1/admin/webhooks')
@UseGuards(AdminGuard)
@ApiRoutes(WEBHOOKS_DOCS)
export class WebhooksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  register(@Body() body: RegisterWebhookDto, @Req() request: Authed) {
    return this.commands.execute(
      new RegisterWebhookCommand(body.url, body.events, actorOf(request.caller)),
    );
  }

  @Get()
  list() {
    return this.queries.execute(new WebhooksQuery());
  }

  @Delete(':webhookId')
  @HttpCode(200)
  remove(@Param('webhookId') webhookId: string, @Req() request: Authed) {
    return this.commands.execute(new RemoveWebhookCommand(webhookId, actorOf(request.caller)));
  }

  @Get(':webhookId/deliveries')
  deliveries(@Param('webhookId') webhookId: string, @Query() query: Record<string, unknown>) {
    return this.queries.execute(new DeliveriesQuery(webhookId, query));
  }

  /** Extension: one more attempt of one delivery (e.g. after fixing the receiver), whatever its status. */
  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  redeliver(
    @Param('webhookId') webhookId: string,
    @Param('deliveryId') deliveryId: string,
    @Req() request: Authed,
  ) {
    return this.commands.execute(
      new RedeliverCommand(webhookId, deliveryId, actorOf(request.caller)),
    );
  }
}
