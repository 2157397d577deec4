import { Type } from 'class-transformer';
import { IsInstant } from '../http/instant';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
  registerDecorator,
} from 'class-validator';
import { MAX_AMOUNT_CENTS, PROMO_CODE_PATTERN } from '@threadtrak/ledger';
import { isClickId, isVisitorId, PRODUCT_ID_PATTERN } from '@threadtrak/links';

export const ORDER_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

const Satisfies =
  (test: (value: unknown) => boolean, message: string) => (target: object, propertyName: string) =>
    registerDecorator({
      name: 'satisfies',
      target: target.constructor,
      propertyName,
      options: { message },
      validator: { validate: test },
    });

export class OrderLineDto {
  /**
   * The catalog product of this line.
   * @example 'merino-crew'
   */
  @Matches(PRODUCT_ID_PATTERN) productId!: string;
  /**
   * How many units.
   * @example 2
   */
  @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
  /**
   * What the customer paid for the line, in minor units: the commission base.
   * @example 12000
   */
  @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) amountCents!: number;
}

export class OrderDto {
  /**
   * The shop's order id: the same id twice is the same order.
   * @example 'order-10042'
   */
  @Matches(ORDER_ID_PATTERN, { message: 'orderId must be 1 to 128 of A-Z a-z 0-9 _ . : -' })
  orderId!: string;
  /**
   * When the order was paid (at most 5 minutes ahead of the server's clock).
   * @example '2026-01-10T12:00:00Z'
   */
  @IsInstant() paidAt!: string;
  /**
   * The order currency; it must be the program currency.
   * @example 'USD'
   */
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency!: string;
  /**
   * The order lines (1 to 500).
   */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
  /**
   * The `tt_click` the landing URL carried.
   * @example 'clk_01JH5Q0M4V7ZK3W8Y2N6B9C1D'
   */
  @IsOptional() @Satisfies(isClickId, 'clickId is not a click id of ours') clickId?: string;
  /**
   * The `tt_vid` cookie of the customer's browser.
   * @example 'Vf3kQ9zX1bT7mN2pL8rW4c'
   */
  @IsOptional() @Satisfies(isVisitorId, 'visitorId is not a visitor id of ours') visitorId?: string;
  /**
   * The customer's email: the affiliate's own email earns nothing (self-referral).
   * @example 'buyer@example.org'
   */
  @IsOptional() @IsEmail() @Length(3, 254) customerEmail?: string;
  /**
   * A promotion code the customer used (any case); an active affiliate's code wins over clicks.
   * @example 'ANN10'
   */
  @IsOptional()
  @Matches(PROMO_CODE_PATTERN, { message: 'promoCode must be 2 to 64 of A-Z a-z 0-9 _ -' })
  promoCode?: string;
}

export class RefundLineDto {
  /**
   * The product of the refunded line.
   * @example 'merino-crew'
   */
  @Matches(PRODUCT_ID_PATTERN) productId!: string;
  /**
   * The amount refunded on that line, in minor units.
   * @example 6000
   */
  @IsInt() @Min(1) @Max(MAX_AMOUNT_CENTS) amountCents!: number;
}

export class RefundDto {
  /**
   * The shop's refund id: the same id twice is the same refund.
   * @example 'refund-551'
   */
  @Matches(ORDER_ID_PATTERN, { message: 'refundId must be 1 to 128 of A-Z a-z 0-9 _ . : -' })
  refundId!: string;
  /**
   * When the refund was made.
   * @example '2026-01-20T09:30:00Z'
   */
  @IsInstant() refundedAt!: string;
  /**
   * A refund of this amount spread over the order's lines (give this or `lines`; neither: the whole order).
   * @example 6000
   */
  @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT_CENTS) amountCents?: number;
  /**
   * The refunded lines, each with its amount (give this or `amountCents`).
   */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RefundLineDto)
  lines?: RefundLineDto[];
}
