import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ExplainOrder } from '@threadtrak/application';
import { notFound } from './not-found';

type Explanation = NonNullable<Awaited<ReturnType<ExplainOrder['execute']>>>;

/** `GET /v1/admin/orders/{orderId}`: the order and how it was attributed (clicks, rule version, checks). */
export class ExplainOrderQuery extends Query<Explanation> {
  constructor(readonly orderId: string) {
    super();
  }
}

@QueryHandler(ExplainOrderQuery)
export class ExplainOrderHandler implements IQueryHandler<ExplainOrderQuery> {
  constructor(private readonly explainOrder: ExplainOrder) {}

  async execute({ orderId }: ExplainOrderQuery): Promise<Explanation> {
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(orderId)) throw notFound('order');
    const explained = await this.explainOrder.execute(orderId);
    if (!explained) throw notFound('order');
    return explained;
  }
}
