import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { Audit, type AuditReport } from '@threadtrak/application';
import type { Balances } from '@threadtrak/ledger';

/** One affiliate's month: what it owed at the start, what moved, and what it carries over. */
export interface StatementLine {
  affiliateId: string;
  /** Owed at the start of the month (pending + due + requested); negative after a clawback. */
  carriedInCents: number;
  earnedCents: number;
  /** Net of restorations. */
  reversedCents: number;
  paidCents: number;
  /** Owed at the end: carriedIn + earned − reversed − paid. */
  carriedOverCents: number;
}

/** A bound of the statement: the instant, and the exact prefix of the log replayed up to it. */
export interface StatementBound {
  at: string;
  through: AuditReport['through'];
}

export interface Statement {
  month: string;
  from: StatementBound;
  to: StatementBound;
  lines: StatementLine[];
  totals: Omit<StatementLine, 'affiliateId'>;
  /** The hash chain at the closing replay: what finance signs with the statement. */
  chain: AuditReport['chain'];
  invariantsOk: boolean;
}

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

const owed = (balances: Balances) =>
  balances.pendingCents + balances.dueCents + balances.requestedCents;

const ZERO: Balances = {
  earnedCents: 0,
  reversedCents: 0,
  pendingCents: 0,
  dueCents: 0,
  requestedCents: 0,
  paidCents: 0,
};

export const statementLine = (
  affiliateId: string,
  opening: Balances,
  closing: Balances,
): StatementLine => ({
  affiliateId,
  carriedInCents: owed(opening),
  earnedCents: closing.earnedCents - opening.earnedCents,
  reversedCents: closing.reversedCents - opening.reversedCents,
  paidCents: closing.paidCents - opening.paidCents,
  carriedOverCents: owed(closing),
});

/** The first instant of `YYYY-MM` and of the month after it, in UTC. */
export const monthBounds = (month: string): [Date, Date] => {
  const [year, index] = month.split('-').map(Number) as [number, number];
  return [new Date(Date.UTC(year, index - 1, 1)), new Date(Date.UTC(year, index, 1))];
};

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
