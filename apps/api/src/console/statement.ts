import type { AuditReport } from '@threadtrak/application';
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

const owed = (balances: Balances) =>
  balances.pendingCents + balances.dueCents + balances.requestedCents;

export const ZERO: Balances = {
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

/** A statement's month: `YYYY-MM`. */
export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
