import { IsEmail, IsString, Length, Matches } from 'class-validator';

export class LoginDto {
  @IsEmail({}, { message: 'Enter the email address your invite was sent to.' })
  @Length(3, 254)
  email!: string;
  @IsString() @Length(1, 256, { message: 'Enter your password.' }) password!: string;
}

/** At least 10 characters (NIST 800-63B asks for length, not character classes); at most 256, so hashing stays cheap. */
export class AcceptInviteDto {
  @IsString()
  @Matches(/^aff_[a-z0-9]{16}\.[A-Za-z0-9_-]{43}$/, {
    message: 'This invite link is not valid. Ask the program manager for a new one.',
  })
  token!: string;
  @IsString()
  @Length(10, 256, { message: 'Choose a password of at least 10 characters.' })
  password!: string;
}
