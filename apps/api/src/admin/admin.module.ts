import { Module } from '@nestjs/common';
import { AdminPayoutsController } from './admin-payouts.controller';
import {
  ApprovePayoutHandler,
  CancelPayoutHandler,
  PayoutsByStatusHandler,
  PayoutsNeedingAttentionHandler,
  ProgramDashboardHandler,
  RejectPayoutHandler,
} from './admin-payouts.commands';
import {
  AffiliatesHandler,
  ChangeAffiliateHandler,
  IssueInviteHandler,
  RegisterAffiliateHandler,
} from './affiliates.commands';
import { AffiliatesController } from './affiliates.controller';
import { ExplainOrderHandler } from './explain-order.query';
import { OrderExplanationsController } from './order-explanations.controller';
import { ListProductHandler } from './products.commands';
import { ProductsController } from './products.controller';
import { ReattributeHandler } from './reattribute.command';
import { ReattributionsController } from './reattributions.controller';
import { RebuildReadModelsHandler } from './rebuild-read-models.command';
import { RulesHandler, SetRulesHandler } from './rules.commands';
import { RulesController } from './rules.controller';

/** The program manager's API: rules, catalog, affiliates, payouts, order explanations, re-attribution. */
@Module({
  controllers: [
    RulesController,
    ProductsController,
    AffiliatesController,
    AdminPayoutsController,
    OrderExplanationsController,
    ReattributionsController,
  ],
  providers: [
    RulesHandler,
    SetRulesHandler,
    ListProductHandler,
    RegisterAffiliateHandler,
    ChangeAffiliateHandler,
    IssueInviteHandler,
    AffiliatesHandler,
    ApprovePayoutHandler,
    RejectPayoutHandler,
    CancelPayoutHandler,
    PayoutsByStatusHandler,
    PayoutsNeedingAttentionHandler,
    ProgramDashboardHandler,
    ExplainOrderHandler,
    ReattributeHandler,
    RebuildReadModelsHandler,
  ],
})
export class AdminModule {}
