import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ConsoleLoginDto {
  @ApiProperty({ description: 'The ADMIN_TOKEN; exchanged once for a session cookie, never kept.' })
  @IsString()
  @Length(1, 512, { message: 'Enter the admin token.' })
  token!: string;
}

export class ConsoleSessionDto {
  @ApiProperty({ description: 'Sent back in `X-CSRF-Token` on every write made with the cookie.' })
  csrfToken!: string;
  @ApiProperty({ description: 'ISO 8601 instant; the token is asked for again after it.' })
  expiresAt!: string;
}
