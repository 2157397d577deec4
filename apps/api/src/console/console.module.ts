import { Module } from '@nestjs/common';
import {
  ConsoleLoginHandler,
  ConsoleLogoutHandler,
  ConsoleSessionHandler,
} from './console-session.commands';
import { ConsoleReadsController } from './console-reads.controller';
import { ConsoleSessionController } from './console.controller';
import { RulesHistoryHandler } from './console.queries';
import { ReattributionHistoryHandler } from './reattribution-history.query';
import { PayoutReviewHandler } from './payout-review.query';
import { OrderClicksHandler } from './order-clicks.query';
import { AffiliateCommissionsHandler, ProductsHandler } from './catalog.queries';
import { StatementHandler } from './statement.query';

/** The program console's API: its session, and the reads only the console needs. */
@Module({
  controllers: [ConsoleSessionController, ConsoleReadsController],
  providers: [
    ConsoleLoginHandler,
    ConsoleLogoutHandler,
    ConsoleSessionHandler,
    RulesHistoryHandler,
    ReattributionHistoryHandler,
    PayoutReviewHandler,
    OrderClicksHandler,
    ProductsHandler,
    AffiliateCommissionsHandler,
    StatementHandler,
  ],
})
export class ConsoleModule {}
