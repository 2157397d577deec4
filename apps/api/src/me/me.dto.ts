import { IsEmail, IsIn, Length, Matches, ValidateIf } from 'class-validator';

export class PayoutAccountDto {
  /**
   * How payouts are sent.
   * @example 'paypal'
   */
  @IsIn(['paypal', 'stripe_connect']) method!: 'paypal' | 'stripe_connect';
  /**
   * The PayPal account's email (method `paypal`).
   * @example 'ana@example.com'
   */
  @ValidateIf((o: PayoutAccountDto) => o.method === 'paypal')
  @IsEmail()
  @Length(3, 254)
  email?: string;
  /**
   * The Stripe Connect account (method `stripe_connect`). Absent: Stripe Connect Express onboarding
   * starts, and the account is saved when Stripe says it can receive transfers.
   * @example 'acct_1PqR2sT3uV4wX5yZ'
   */
  @ValidateIf((o: PayoutAccountDto) => o.method === 'stripe_connect' && o.accountId !== undefined)
  @Matches(/^acct_[A-Za-z0-9]{6,64}$/, {
    message: 'accountId must be a Stripe Connect account id (acct_…)',
  })
  accountId?: string;
}
