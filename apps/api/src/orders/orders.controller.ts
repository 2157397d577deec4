import { Body, Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { OrderSourceGuard, actorOf, type Caller } from '../http/auth';
import { badInput } from '../http/validation';
import { ORDER_ID_PATTERN, OrderDto, RefundDto } from './orders.dto';
import { RecordOrderCommand } from './record-order.command';
import { RecordRefundCommand } from './record-refund.command';
import { ApiRoutes } from '../http/api-docs';
import { ORDERS_DOCS } from './orders.responses';

@Controller('v1/orders')
@UseGuards(OrderSourceGuard)
@ApiRoutes(ORDERS_DOCS)
export class OrdersController {
  constructor(private readonly commands: CommandBus) {}

  /** 201 when recorded, 200 when the same request was recorded before, 409 when the id was used otherwise. */
  @Post()
  async record(
    @Body() body: OrderDto,
    @Req() request: { caller: Caller; id: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { created, answer } = await this.commands.execute(
      new RecordOrderCommand(
        {
          ...body,
          paidAt: new Date(body.paidAt).toISOString(),
          lines: body.lines.map((line) => ({ ...line })),
        },
        'api',
        { actor: actorOf(request.caller), correlationId: request.id },
      ),
    );
    reply.status(created ? 201 : 200);
    return answer;
  }

  @Post(':orderId/refunds')
  async refund(
    @Param('orderId') orderId: string,
    @Body() body: RefundDto,
    @Req() request: { caller: Caller; id: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (!ORDER_ID_PATTERN.test(orderId))
      throw badInput('orderId must be 1 to 128 of A-Z a-z 0-9 _ . : -', ['orderId']);
    const refund = {
      orderId,
      refundId: body.refundId,
      refundedAt: new Date(body.refundedAt).toISOString(),
      ...(body.amountCents !== undefined ? { amountCents: body.amountCents } : {}),
      ...(body.lines
        ? { lines: body.lines.map(({ productId, amountCents }) => ({ productId, amountCents })) }
        : {}),
      source: 'api' as const,
    };
    const { created, orderKnown } = await this.commands.execute(
      new RecordRefundCommand(refund, {
        actor: actorOf(request.caller),
        correlationId: request.id,
      }),
    );
    reply.status(created ? 201 : 200);
    return { orderId, refundId: body.refundId, orderKnown };
  }
}
