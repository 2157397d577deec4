import { Body, Controller, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import type { FastifyReply } from 'fastify';
import { OrderSourceGuard, actorOf, type Caller } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';
import { ORDER_ID_PATTERN, OrderDto, RefundDto } from './orders.dto';

const FIVE_MINUTES = 5 * 60_000;

@Controller('v1/orders')
@UseGuards(OrderSourceGuard)
export class OrdersController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  /** 201 when recorded, 200 when the same request was recorded before, 409 when the id was used otherwise. */
  @Post()
  async record(
    @Body() body: OrderDto,
    @Req() request: { caller: Caller; id: string },
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (Date.parse(body.paidAt) > this.runtime.clock.now().getTime() + FIVE_MINUTES) {
      throw badInput('paidAt is more than 5 minutes in the future', [
        { field: 'paidAt', problems: ['in the future'] },
      ]);
    }
    const { created, answer } = await this.runtime.recordOrder.execute(
      {
        ...body,
        paidAt: new Date(body.paidAt).toISOString(),
        lines: body.lines.map((line) => ({ ...line })),
      },
      'api',
      { actor: actorOf(request.caller), correlationId: request.id },
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
    if (body.amountCents !== undefined && body.lines)
      throw badInput('give amountCents or lines, not both', ['amountCents', 'lines']);
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
    const { created, orderKnown } = await this.runtime.recordRefund.refund(refund, {
      actor: actorOf(request.caller),
      correlationId: request.id,
    });
    reply.status(created ? 201 : 200);
    return { orderId, refundId: body.refundId, orderKnown };
  }
}
