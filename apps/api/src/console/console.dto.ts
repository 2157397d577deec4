import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class ConsoleLoginDto {
  @ApiProperty({ description: 'The ADMIN_TOKEN; exchanged once for a session cookie, never kept.' })
  @IsString()
  @Length(1, 512, { message: 'Enter the admin token.' })
  token!: string;
}
