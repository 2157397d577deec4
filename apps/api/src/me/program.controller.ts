import { Controller, Get, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { AffiliateState } from '@threadtrak/ledger';
import { AffiliateGuard, CurrentAffiliate } from '../http/auth';
import { ProgramQuery } from './program.query';
import { ApiRoutes } from '../http/api-docs';
import { PROGRAM_DOCS } from './me.responses';

@Controller('v1/me')
@UseGuards(AffiliateGuard)
@ApiRoutes(PROGRAM_DOCS)
export class ProgramController {
  constructor(private readonly queries: QueryBus) {}

  @Get('program')
  program(@CurrentAffiliate() affiliate: AffiliateState) {
    return this.queries.execute(new ProgramQuery(affiliate));
  }
}
