import { Body, Controller, HttpCode, Param, Put, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AdminGuard, actorOf, type Caller } from '../http/auth';
import { ProductDto } from './admin.dto';
import { ListProductCommand } from './products.commands';
import { ApiRoutes } from '../http/api-docs';
import { PRODUCTS_DOCS } from './admin.responses';

/** The catalog: products affiliates link to, their eligibility and rates. */
@Controller('v1/admin/products')
@UseGuards(AdminGuard)
@ApiRoutes(PRODUCTS_DOCS)
export class ProductsController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':productId')
  @HttpCode(200)
  listProduct(
    @Param('productId') productId: string,
    @Body() body: ProductDto,
    @Req() request: { caller: Caller },
  ) {
    return this.commands.execute(
      new ListProductCommand({ productId, ...body }, actorOf(request.caller)),
    );
  }
}
