import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { Audit, type Runtime } from '@threadtrak/application';
import { isInstant } from '../http/instant';
import { AdminGuard } from '../http/auth';
import { RUNTIME } from '../http/runtime.token';
import { badInput } from '../http/validation';

/**
 * Finance's audit: balances as of `at` (events recorded at or before it; default now) replayed from the
 * log, the ledger's invariants, and (an extension) the log's hash chain. Violations are in the answer,
 * never an error status.
 */
@Controller('v1/admin')
@UseGuards(AdminGuard)
export class AuditController {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  @Get('audit')
  audit(@Query() query: Record<string, unknown>) {
    const { at } = query;
    if (at === undefined) return new Audit(this.runtime.store).run();
    if (!isInstant(at)) {
      throw badInput('at must be an ISO 8601 instant with a time zone, e.g. 2026-01-31T00:00:00Z', [
        { field: 'at', problems: ['not an ISO 8601 instant with a time zone'] },
      ]);
    }
    return new Audit(this.runtime.store).run({ at: new Date(at) });
  }
}
