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
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as USD' })
  currency?: string;
  @IsOptional() @IsInt() @Min(1) @Max(365) cookieWindowDays?: number;
  @IsOptional() @IsIn(['last_click', 'first_click']) attributionModel?:
    'last_click' | 'first_click';
  @IsOptional() @IsInt() @Min(0) @Max(365) holdDays?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) minPayoutCents?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RATE_BPS) defaultRateBps?: number;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_AMOUNT_CENTS) autoApproveBelowCents?: number;
  /** null: every paid invoice of a subscription earns; N: the first N. */
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
   */
  @IsOptional() @IsInt() @Min(0) version?: number;
}

export class ProductDto {
  @IsString() @Length(1, 200) name!: string;
  @IsUrl(URL_OPTIONS) @Length(1, 2048) url!: string;
  @IsOptional() @IsUrl(URL_OPTIONS) @Length(1, 2048) checkoutUrl?: string;
  @IsOptional() @Matches(/^price_[A-Za-z0-9]{1,64}$/) stripePriceId?: string;
  @IsOptional() @Matches(/^prod_[A-Za-z0-9]{1,64}$/) stripeProductId?: string;
  @IsBoolean() eligible!: boolean;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RATE_BPS) rateBps?: number;
}

export class RegisterAffiliateDto {
  @IsString() @Length(1, 200) name!: string;
  @IsEmail() @Length(3, 254) email!: string;
  @IsOptional()
  @Matches(REF_CODE_PATTERN, { message: 'refCode must be 3 to 32 of a-z 0-9 -' })
  refCode?: string;
  @IsProductScope() productScope!: ProductScope;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_RATE_BPS) rateBps?: number;
}

export class UpdateAffiliateDto {
  @IsOptional() @IsProductScope() productScope?: ProductScope;
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(0)
  @Max(MAX_RATE_BPS)
  rateBps?: number | null;
  @IsOptional() @IsIn(['active', 'suspended']) status?: 'active' | 'suspended';
  /** The affiliate's whole list of promotion codes (case-insensitive, unique across affiliates). */
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
  @IsString() @Length(1, 500) reason!: string;
}

/** `providerChecked` must be literally `true`: the admin confirms the provider shows no payment for it. */
export class CancelPayoutDto {
  @IsString() @Length(1, 500) reason!: string;
  @Equals(true, {
    message: 'providerChecked must be true: check with the provider that nothing was paid first',
  })
  providerChecked!: true;
}

export class ReattributionDto {
  @IsInstant() from!: string;
  @IsInstant() to!: string;
  /** Overrides of the current rules; absent: the current rules. */
  @IsOptional() @ValidateNested() @Type(() => RulesDto) rules?: RulesDto;
  @IsBoolean() dryRun!: boolean;
}
