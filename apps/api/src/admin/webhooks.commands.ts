import { Command, CommandHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ICommandHandler, IQueryHandler } from '@nestjs/cqrs';
import {
  WebhookEndpoints,
  type DeliveryView,
  type WebhookEndpointView,
} from '@threadtrak/application';
import { positiveInt } from '../http/query-params';
import { badInput } from '../http/validation';
import { notFound } from './not-found';

const WEBHOOK_ID = /^we_[0-9a-f]{16}$/;
const DELIVERY_ID = /^whd_[0-9a-f]{24}$/;

/** `POST /v1/admin/webhooks`: an endpoint and its signing secret, shown this once. */
export class RegisterWebhookCommand extends Command<{ webhookId: string; secret: string }> {
  constructor(
    readonly url: string,
    readonly events: string[],
    readonly actor: string,
  ) {
    super();
  }
}

/** `DELETE /v1/admin/webhooks/{id}`: no more deliveries to it. */
export class RemoveWebhookCommand extends Command<{ webhookId: string; deleted: true }> {
  constructor(
    readonly webhookId: string,
    readonly actor: string,
  ) {
    super();
  }
}

/** Extension: one more attempt of one delivery (e.g. after fixing the receiver), whatever its status. */
export class RedeliverCommand extends Command<DeliveryView> {
  constructor(
    readonly webhookId: string,
    readonly deliveryId: string,
    readonly actor: string,
  ) {
    super();
  }
}

/** `GET /v1/admin/webhooks`. */
export class WebhooksQuery extends Query<{ webhooks: WebhookEndpointView[] }> {}

/** `GET /v1/admin/webhooks/{id}/deliveries?limit`: the latest first (default 50, at most 200). */
export class DeliveriesQuery extends Query<{ deliveries: DeliveryView[] }> {
  constructor(
    readonly webhookId: string,
    readonly params: Record<string, unknown>,
  ) {
    super();
  }
}

/** The endpoint, when the id is one of ours and names an endpoint that is not deleted. */
const knownWebhook = async (webhooks: WebhookEndpoints, webhookId: string) => {
  if (!WEBHOOK_ID.test(webhookId) || !(await webhooks.find(webhookId))) throw notFound('webhook');
};

@CommandHandler(RegisterWebhookCommand)
export class RegisterWebhookHandler implements ICommandHandler<RegisterWebhookCommand> {
  constructor(private readonly webhooks: WebhookEndpoints) {}

  execute({ url, events, actor }: RegisterWebhookCommand) {
    if (events.includes('*') && events.length > 1)
      throw badInput('events: "*" stands alone', [
        { field: 'events', problems: ['"*" with other events'] },
      ]);
    return this.webhooks.register({ url, events }, actor);
  }
}

@CommandHandler(RemoveWebhookCommand)
export class RemoveWebhookHandler implements ICommandHandler<RemoveWebhookCommand> {
  constructor(private readonly webhooks: WebhookEndpoints) {}

  async execute({ webhookId, actor }: RemoveWebhookCommand) {
    if (!WEBHOOK_ID.test(webhookId) || !(await this.webhooks.remove(webhookId, actor)))
      throw notFound('webhook');
    return { webhookId, deleted: true as const };
  }
}

@CommandHandler(RedeliverCommand)
export class RedeliverHandler implements ICommandHandler<RedeliverCommand> {
  constructor(private readonly webhooks: WebhookEndpoints) {}

  async execute({ webhookId, deliveryId, actor }: RedeliverCommand): Promise<DeliveryView> {
    await knownWebhook(this.webhooks, webhookId);
    const delivery = DELIVERY_ID.test(deliveryId)
      ? await this.webhooks.redeliver(webhookId, deliveryId, actor)
      : null;
    if (!delivery) throw notFound('delivery');
    return delivery;
  }
}

@QueryHandler(WebhooksQuery)
export class WebhooksHandler implements IQueryHandler<WebhooksQuery> {
  constructor(private readonly webhooks: WebhookEndpoints) {}

  async execute() {
    return { webhooks: await this.webhooks.list() };
  }
}

@QueryHandler(DeliveriesQuery)
export class DeliveriesHandler implements IQueryHandler<DeliveriesQuery> {
  constructor(private readonly webhooks: WebhookEndpoints) {}

  async execute({ webhookId, params }: DeliveriesQuery) {
    const limit =
      params.limit === undefined ? 50 : Math.min(200, positiveInt(params.limit, 'limit'));
    await knownWebhook(this.webhooks, webhookId);
    return { deliveries: await this.webhooks.deliveries(webhookId, limit) };
  }
}
