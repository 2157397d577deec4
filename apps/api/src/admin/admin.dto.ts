import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsEmail,
  ValidateNested,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  registerDecorator,
  type ValidationOptions,
} from 'class-validator';
import {
  MAX_AMOUNT_CENTS,
  MAX_RATE_BPS,
  PROMO_CODE_PATTERN,
  type ProductScope,
} from '@threadtrak/ledger';
import { PRODUCT_ID_PATTERN, REF_CODE_PATTERN } from '@threadtrak/links';
import { IsInstant } from '../http/instant';
import { ApiProperty } from '@nestjs/swagger';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true, require_tld: false };

/** `"all"` or a list of up to 1000 product ids. */
const IsProductScope = (options?: ValidationOptions) => (target: object, propertyName: string) =>
  registerDecorator({
    name: 'isProductScope',
    target: target.constructor,
    propertyName,
    options: { message: `${propertyName} must be "all" or an array of product ids`, ...options },
    validator: {
      validate: (value: unknown) =>
        value === 'all' ||
        (Array.isArray(value) &&
          value.length <= 1000 &&
          value.every((id) => typeof id === 'string' && PRODUCT_ID_PATTERN.test(id))),
    },
  });

export class RulesDto {
  /**
   * The program currency (ISO 4217); set once, with the first rules.
   * @example 'USD'
   */
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;
  /**
   * Days a click keeps its visitor attributed (the cookie window).
   * @example 30
   */
  @IsOptional() @IsInt() @Min(1) @Max(365) cookieWindowDays?: number;
  /**
   * Which click in the window wins an order.
   * @example 'last_click'
   */
  @IsOptional() @IsIn(['last_click', 'first_click']) attributionModel?:
    'last_click' | 'first_click';
  /**
   * Days a commission stays pending after the order was paid (the refund hold), then it is due.
   * @example 30
   */
  @IsOptional() @IsInt() @Min(0) @Max(365) holdDays?: number;
  /**
   * The smallest due balance an affiliate may request as a payout, in minor units.
   * @example 5000
   */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) minPayoutCents?: number;
  /**
   * The commission rate in basis points when neither the affiliate nor the product sets one.
   * @example 1000
   */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RATE_BPS) defaultRateBps?: number;
  /**
   * Payouts below this amount (minor units) are approved without an operator; 0: all are manual.
   * @example 0
   */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) autoApproveBelowCents?: number;
  /**
   * How many paid invoices of a subscription earn: null, every one; N, the first N.
   * @example 1
   */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(1)
  @Max(10_000)
  recurringPayments?: number | null;
}

/** `PUT /v1/admin/rules`: the changes, and optionally the version they were made on. */
export class SetRulesDto extends RulesDto {
  /**
   * The `version` of the rules the change was made on (as `GET` answered it). Given, the change is refused
   * with 409 `concurrent_change` when the rules are at another version by then.
   * @example 3
   */
  @IsOptional() @IsInt() @Min(0) version?: number;
}

export class ProductDto {
  /**
   * The product name shown to affiliates.
   * @example 'Merino crew sweater'
   */
  @IsString() @Length(1, 200) name!: string;
  /**
   * The product page: where a product deep link lands.
   * @example 'https://shop.example/products/merino-crew'
   */
  @IsUrl(URL_OPTIONS) @Length(1, 2048) url!: string;
  /**
   * Where a product purchase link lands when Stripe is not configured.
   * @example 'https://shop.example/checkout?sku=merino-crew'
   */
  @IsOptional() @IsUrl(URL_OPTIONS) @Length(1, 2048) checkoutUrl?: string;
  /**
   * The Stripe price of the product: purchase links open a Checkout Session for it, and Stripe line items match by it.
   * @example 'price_1PqR2sT3uV4w'
   */
  @IsOptional() @Matches(/^price_[A-Za-z0-9]{1,64}$/) stripePriceId?: string;
  /**
   * The Stripe product: Stripe line items whose price is unknown match by it.
   * @example 'prod_QwErTy123'
   */
  @IsOptional() @Matches(/^prod_[A-Za-z0-9]{1,64}$/) stripeProductId?: string;
  /**
   * Whether orders of this product earn commission.
   * @example true
   */
  @IsBoolean() eligible!: boolean;
  /**
   * The product's commission rate in basis points, over the program default.
   * @example 1500
   */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RATE_BPS) rateBps?: number;
}

/** `"all"` or product ids: a union the Swagger plugin cannot read from the type. */
const PRODUCT_SCOPE_SCHEMA = {
  oneOf: [
    { type: 'string', enum: ['all'] },
    { type: 'array', items: { type: 'string' } },
  ],
};

export class RegisterAffiliateDto {
  /**
   * The affiliate's name.
   * @example 'Ana Lima'
   */
  @IsString() @Length(1, 200) name!: string;
  /**
   * Where the invite goes; also the self-referral check.
   * @example 'ana@example.com'
   */
  @IsEmail() @Length(3, 254) email!: string;
  /**
   * The ref code in the affiliate's links (a-z 0-9 -, 3 to 32); generated when absent.
   * @example 'ana-lima'
   */
  @IsOptional()
  @Matches(REF_CODE_PATTERN, { message: 'refCode must be 3 to 32 of a-z 0-9 -' })
  refCode?: string;
  /**
   * The products that earn this affiliate commission: `"all"` or a list of product ids.
   * @example 'all'
   */
  @ApiProperty(PRODUCT_SCOPE_SCHEMA)
  @IsProductScope()
  productScope!: ProductScope;
  /**
   * The affiliate's own rate in basis points, over product and program rates.
   * @example 1200
   */
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RATE_BPS) rateBps?: number;
}

export class UpdateAffiliateDto {
  /**
   * The products that earn this affiliate commission: `"all"` or a list of product ids.
   * @example ['merino-crew', 'linen-shirt']
   */
  @ApiProperty({ ...PRODUCT_SCOPE_SCHEMA, required: false })
  @IsOptional()
  @IsProductScope()
  productScope?: ProductScope;
  /**
   * The affiliate's own rate in basis points; null removes it.
   * @example 1200
   */
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_RATE_BPS)
  rateBps?: number | null;
  /**
   * A suspended affiliate earns nothing and cannot use the API or portal.
   * @example 'suspended'
   */
  @IsOptional() @IsIn(['active', 'suspended']) status?: 'active' | 'suspended';
  /**
   * The affiliate's whole list of promotion codes (case-insensitive, unique across affiliates).
   * @example ["ANN10", "ANNSPRING"]
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(PROMO_CODE_PATTERN, {
    each: true,
    message: 'each promo code must be 2 to 64 of A-Z a-z 0-9 _ -',
  })
  promoCodes?: string[];
}

export class RejectPayoutDto {
  /**
   * Why the payout is rejected; the affiliate sees it.
   * @example 'Orders under review for fraud'
   */
  @IsString() @Length(1, 500) reason!: string;
}

/** `providerChecked` must be literally `true`: the admin confirms the provider shows no payment for it. */
export class CancelPayoutDto {
  /**
   * Why the payout is cancelled.
   * @example 'PayPal shows no payment; returning the amount to due'
   */
  @IsString() @Length(1, 500) reason!: string;
  /**
   * Literally `true`: the admin checked with the provider that nothing was paid.
   * @example true
   */
  @Equals(true, {
    message: 'providerChecked must be true: check with the provider that nothing was paid first',
  })
  providerChecked!: true;
}

export class ReattributionDto {
  /**
   * Orders paid at or after this instant are re-decided.
   * @example '2026-01-01T00:00:00Z'
   */
  @IsInstant() from!: string;
  /**
   * Orders paid before this instant are re-decided.
   * @example '2026-02-01T00:00:00Z'
   */
  @IsInstant() to!: string;
  /** Overrides of the current rules; absent: the current rules. */
  @IsOptional() @ValidateNested() @Type(() => RulesDto) rules?: RulesDto;
  /**
   * true: only answer the difference; false: append it as compensating events.
   * @example true
   */
  @IsBoolean() dryRun!: boolean;
}
