import { Module } from '@nestjs/common';
import { OrdersController } from './orders.controller';
import { RecordOrderHandler } from './record-order.command';
import { RecordRefundHandler } from './record-refund.command';

@Module({
  controllers: [OrdersController],
  providers: [RecordOrderHandler, RecordRefundHandler],
})
export class OrdersModule {}
