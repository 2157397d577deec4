import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminGuard } from '../http/auth';
import { ExplainOrderQuery } from './explain-order.query';
import { ApiRoutes } from '../http/api-docs';
import { ORDER_EXPLANATIONS_DOCS } from './admin.responses';

/** Why an order earned what it earned. */
@Controller('v1/admin/orders')
@UseGuards(AdminGuard)
@ApiRoutes(ORDER_EXPLANATIONS_DOCS)
export class OrderExplanationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':orderId')
  order(@Param('orderId') orderId: string) {
    return this.queries.execute(new ExplainOrderQuery(orderId));
  }
}
