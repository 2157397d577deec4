import { Module } from '@nestjs/common';
import { ApiKeysHandler, IssueApiKeyHandler, RevokeApiKeyHandler } from './api-keys.commands';
import { MeController } from './me.controller';
import {
  CommissionsHandler,
  DashboardHandler,
  LinksHandler,
  ProfileHandler,
  QrHandler,
} from './me.queries';
import { SaveStripeAccountHandler, SetPayoutAccountHandler } from './payout-account.commands';
import { PayoutsHandler, RequestPayoutHandler } from './payouts.commands';
import { ProgramController } from './program.controller';
import { ProgramHandler } from './program.query';

@Module({
  controllers: [MeController, ProgramController],
  providers: [
    ProfileHandler,
    LinksHandler,
    QrHandler,
    DashboardHandler,
    CommissionsHandler,
    SetPayoutAccountHandler,
    SaveStripeAccountHandler,
    IssueApiKeyHandler,
    RevokeApiKeyHandler,
    ApiKeysHandler,
    RequestPayoutHandler,
    PayoutsHandler,
    ProgramHandler,
  ],
})
export class MeModule {}
