import { IsEmail, IsString, Length, Matches } from 'class-validator';

export class LoginDto {
  /**
   * The affiliate's email.
   * @example 'ana@example.com'
   */
  @IsEmail({}, { message: 'Enter the email address your invite was sent to.' })
  @Length(3, 254)
  email!: string;
  /**
   * The affiliate's password.
   * @example 'correct horse battery staple'
   */
  @IsString() @Length(1, 256, { message: 'Enter your password.' }) password!: string;
}

/** At least 10 characters (NIST 800-63B asks for length, not character classes); at most 256, so hashing stays cheap. */
export class AcceptInviteDto {
  /**
   * The token of the invite link `/portal/invite/{token}`.
   * @example 'aff_0123456789abcdef.abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ'
   */
  @IsString()
  @Matches(/^aff_[a-z0-9]{16}\.[A-Za-z0-9_-]{43}$/, {
    message: 'This invite link is not valid. Ask the program manager for a new one.',
  })
  token!: string;
  /**
   * The new password: 10 to 256 characters.
   * @example 'correct horse battery staple'
   */
  @IsString()
  @Length(10, 256, { message: 'Choose a password of at least 10 characters.' })
  password!: string;
}
