import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Audit } from '@threadtrak/application';
import type { Balances } from '@threadtrak/ledger';
import { monthBounds, statementLine, ZERO, type Statement } from './statement';

/** `GET /v1/console/statements/{month}`: the month-end statement, two replays of the log. */
export class StatementQuery extends Query<Statement> {
  constructor(
    /** `YYYY-MM`, validated by the controller. */
    readonly month: string,
    readonly affiliateId?: string,
  ) {
    super();
  }
}

@QueryHandler(StatementQuery)
export class StatementHandler implements IQueryHandler<StatementQuery> {
  constructor(private readonly audit: Audit) {}

  async execute({ month, affiliateId }: StatementQuery): Promise<Statement> {
    const [start, end] = monthBounds(month);
    // "As of" the month's end: the last millisecond of the month, so an event recorded at midnight UTC
    // belongs to the next month.
    const opening = await this.audit.run({ at: new Date(start.getTime() - 1) });
    const closing = await this.audit.run({ at: new Date(end.getTime() - 1) });
    const before = new Map(opening.affiliates.map((row) => [row.affiliateId, row as Balances]));
    const lines = closing.affiliates
      .filter((row) => !affiliateId || row.affiliateId === affiliateId)
      .map((row) => statementLine(row.affiliateId, before.get(row.affiliateId) ?? ZERO, row));
    const totals = lines.reduce(
      (sum, line) => ({
        carriedInCents: sum.carriedInCents + line.carriedInCents,
        earnedCents: sum.earnedCents + line.earnedCents,
        reversedCents: sum.reversedCents + line.reversedCents,
        paidCents: sum.paidCents + line.paidCents,
        carriedOverCents: sum.carriedOverCents + line.carriedOverCents,
      }),
      { carriedInCents: 0, earnedCents: 0, reversedCents: 0, paidCents: 0, carriedOverCents: 0 },
    );
    return {
      month,
      from: { at: opening.at, through: opening.through },
      to: { at: closing.at, through: closing.through },
      lines,
      totals,
      chain: closing.chain,
      invariantsOk: closing.invariants.every((invariant) => invariant.ok),
    };
  }
}
