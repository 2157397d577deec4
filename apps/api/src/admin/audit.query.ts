import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Audit, type AuditOptions, type AuditReport } from '@threadtrak/application';

/**
 * `GET /v1/admin/audit?at` and `cli audit`: every affiliate's balances as of `at` (default now), replayed
 * from the log, with the ledger's invariants and the hash chain.
 */
export class AuditQuery extends Query<AuditReport> {
  constructor(readonly options: AuditOptions = {}) {
    super();
  }
}

@QueryHandler(AuditQuery)
export class AuditHandler implements IQueryHandler<AuditQuery> {
  constructor(private readonly audit: Audit) {}

  execute({ options }: AuditQuery): Promise<AuditReport> {
    return this.audit.run(options);
  }
}
