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
  @Matches(PRODUCT_ID_PATTERN) productId!: string;
  @IsInt() @Min(1) @Max(1_000_000) quantity!: number;
  @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) amountCents!: number;
}

export class OrderDto {
  @Matches(ORDER_ID_PATTERN, { message: 'orderId must be 1 to 128 of A-Z a-z 0-9 _ . : -' })
  orderId!: string;
  @IsInstant() paidAt!: string;
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OrderLineDto)
  lines!: OrderLineDto[];
  @IsOptional() @Satisfies(isClickId, 'clickId is not a click id of ours') clickId?: string;
  @IsOptional() @Satisfies(isVisitorId, 'visitorId is not a visitor id of ours') visitorId?: string;
  @IsOptional() @IsEmail() @Length(3, 254) customerEmail?: string;
  /** A promotion code the customer used (any case); an active affiliate's code wins over clicks. */
  @IsOptional()
  @Matches(PROMO_CODE_PATTERN, { message: 'promoCode must be 2 to 64 of A-Z a-z 0-9 _ -' })
  promoCode?: string;
}

export class RefundLineDto {
  @Matches(PRODUCT_ID_PATTERN) productId!: string;
  @IsInt() @Min(1) @Max(MAX_AMOUNT_CENTS) amountCents!: number;
}

export class RefundDto {
  @Matches(ORDER_ID_PATTERN, { message: 'refundId must be 1 to 128 of A-Z a-z 0-9 _ . : -' })
  refundId!: string;
  @IsInstant() refundedAt!: string;
  @IsOptional() @IsInt() @Min(1) @Max(MAX_AMOUNT_CENTS) amountCents?: number;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => RefundLineDto)
  lines?: RefundLineDto[];
}
