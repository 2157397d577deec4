import type { EventStore } from '@threadtrak/event-store';
import type { Balances } from '@threadtrak/ledger';
import { systemClock, type Clock } from '../clock';
import { ChainCheck, type ChainReport } from './chain-check';
import type { InvariantResult } from './findings';
import { LedgerReplay, type AffiliateBalances } from './ledger-replay';

export interface AuditReport {
  /** The instant audited: events recorded at or before it count. */
  at: string;
  /** The last event replayed into the balances (0: none), and its hash: the statement's exact extent. */
  through: { position: number; hash: string | null };
  affiliates: AffiliateBalances[];
  totals: Balances;
  invariants: InvariantResult[];
  /** Extension to the contract: the log's hash chain, verified over the whole log up to its head. */
  chain: ChainReport;
}

export interface AuditOptions {
  /** Default: now. */
  at?: Date;
  /** Called now and then with the position reached, for a progress line. */
  onProgress?: (position: number, headPosition: number) => void;
}

const PROGRESS_EVERY = 10_000;

/**
 * Finance's audit: every affiliate's balances as of an instant, replayed from the log (never from read
 * models), the ledger's invariants, and the hash chain. One pass over `readAll()`.
 *
 * "As of `at`" means: the longest prefix of the log whose events were all recorded at or before `at`
 * (recording time, not the business dates inside the events: a late webhook can record an order paid last
 * week). Positions follow recording order, so a statement signed for `at` names one prefix of the log, and
 * a later audit for the same `at` reproduces it exactly. The chain is checked beyond `at`, up to the head
 * the audit started at: tampering with later events is reported too.
 */
export class Audit {
  /** The clock that stamps events is the store's (real time), so "now" is real time, not the business clock. */
  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock = systemClock,
  ) {}

  async run(options: AuditOptions = {}): Promise<AuditReport> {
    const at = options.at ?? this.clock.now();
    const bound = at.getTime();
    const headPosition = await this.store.headPosition();
    const replay = new LedgerReplay();
    const chain = new ChainCheck();
    const through: AuditReport['through'] = { position: 0, hash: null };
    let replaying = true;
    let seen = 0;
    for await (const event of this.store.readAll()) {
      if (event.position > headPosition) break;
      chain.observe(event);
      if (replaying && event.recordedAt.getTime() > bound) replaying = false;
      if (replaying) {
        replay.apply(event);
        through.position = event.position;
        through.hash = event.hash ?? null;
      }
      if (options.onProgress && ++seen % PROGRESS_EVERY === 0)
        options.onProgress(event.position, headPosition);
    }
    const { affiliates, totals, invariants } = replay.finish();
    return {
      at: at.toISOString(),
      through,
      affiliates,
      totals,
      invariants,
      chain: chain.report(headPosition),
    };
  }
}

const CSV_COLUMNS = [
  'earnedCents',
  'reversedCents',
  'pendingCents',
  'dueCents',
  'requestedCents',
  'paidCents',
] as const;

/** The balances table: one row per affiliate, then `total`. */
export const toCsv = (report: AuditReport): string => {
  const rows = [
    ['affiliateId', ...CSV_COLUMNS].join(','),
    ...report.affiliates.map((affiliate) =>
      [csvField(affiliate.affiliateId), ...CSV_COLUMNS.map((key) => affiliate[key])].join(','),
    ),
    ['total', ...CSV_COLUMNS.map((key) => report.totals[key])].join(','),
  ];
  return `${rows.join('\n')}\n`;
};

const csvField = (value: string): string =>
  /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
