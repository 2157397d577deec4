import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AdminGuard } from '../http/auth';
import { instantParam } from '../http/instant';
import { AuditQuery } from './audit.query';
import { ApiRoutes } from '../http/api-docs';
import { AUDIT_DOCS } from './admin.responses';

/**
 * Finance's audit: balances as of `at` (events recorded at or before it; default now) replayed from the
 * log, the ledger's invariants, and (an extension) the log's hash chain. Violations are in the answer,
 * never an error status.
 */
@Controller('v1/admin')
@UseGuards(AdminGuard)
@ApiRoutes(AUDIT_DOCS)
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('audit')
  audit(@Query() query: Record<string, unknown>) {
    const at = instantParam(query.at, 'at');
    return this.queries.execute(new AuditQuery(at ? { at } : {}));
  }
}
