import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsString,
  IsUrl,
  Length,
} from 'class-validator';
import { WEBHOOK_EVENT_NAMES } from '@threadtrak/application';

export class RegisterWebhookDto {
  /**
   * Where deliveries are POSTed: http or https, any host, private addresses included (only the
   * admin registers endpoints).
   * @example 'https://shop.example/hooks/threadtrak'
   */
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @Length(1, 2048)
  url!: string;
  /**
   * The event types to deliver, or `["*"]` for all.
   * @example ['commission.earned', 'payout.sent']
   */
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_EVENT_NAMES.length)
  @IsString({ each: true })
  @IsIn([...WEBHOOK_EVENT_NAMES, '*'], {
    each: true,
    message: `each event must be one of ${WEBHOOK_EVENT_NAMES.join(', ')}, or "*"`,
  })
  events!: string[];
}
