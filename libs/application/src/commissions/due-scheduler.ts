import { LOG_START, type Checkpoint, type RecordedEvent } from '@threadtrak/event-store';
import { streams, type CommissionEarned } from '@threadtrak/ledger';
import { ledgerHandler } from '../stream-handlers';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';

/** Orders, payouts and postings write the same ledgers: a busy one may take a few tries. */
const onLedger = ledgerHandler(retryOnConflict(4));

/**
 * Makes commissions due when their refund hold ends. It learns the pending commissions from the log
 * (read from the start at every start: its memory is small, one entry per pending commission) and on each tick
 * appends CommissionDue on the affiliate's ledger stream with the stream's revision as the expected one.
 * The ledger knows which commissions are due already, so a restart or a second scheduler never makes one
 * due twice.
 */
export class DueScheduler {
  /** affiliateId → commissionId → dueAt (ms). */
  private readonly pending = new Map<string, Map<string, number>>();
  /** Position of the last event observed: the first tick waits until the log's head is known. */
  position = 0;

  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  /** Forgets what it learned: the log is read again from its start. */
  reset(): void {
    this.pending.clear();
    this.position = 0;
  }

  observe(events: readonly RecordedEvent[]): void {
    for (const event of events) {
      this.position = Math.max(this.position, event.position);
      if (event.type === 'CommissionEarned') {
        const data = event.data as CommissionEarned['data'];
        const ofAffiliate = this.pending.get(data.affiliateId) ?? new Map<string, number>();
        ofAffiliate.set(data.commissionId, Date.parse(data.dueAt));
        this.pending.set(data.affiliateId, ofAffiliate);
      } else if (event.type === 'CommissionDue') {
        const data = event.data as { affiliateId: string; commissionId: string };
        this.pending.get(data.affiliateId)?.delete(data.commissionId);
      }
    }
  }

  /** Appends CommissionDue for every commission whose hold ended by now. Returns how many became due. */
  async tick(): Promise<number> {
    const now = this.clock.now();
    let count = 0;
    for (const [affiliateId, commissions] of this.pending) {
      if (![...commissions.values()].some((dueAt) => dueAt <= now.getTime())) continue;
      const { events } = await handleCommand(
        this.log,
        onLedger,
        streams.ledger(affiliateId),
        { type: 'MakeCommissionsDue', affiliateId, now: now.toISOString() },
        { actor: 'system:due-scheduler' },
      );
      count += events.length;
      for (const [commissionId, dueAt] of commissions)
        if (dueAt <= now.getTime()) commissions.delete(commissionId);
    }
    return count;
  }
}

/**
 * The scheduler as a log consumer (`due-scheduler`, run by a LogProcessor under its lease): it reads the
 * log from its start at every start, ticks for the first time as soon as it has read up to the head it
 * found at start (a restart never leaves due commissions waiting a whole period), then every period. One
 * tick at a time; `stop` waits for the one running.
 */
export class DueSchedule {
  readonly name = 'due-scheduler';
  private head = 0;
  private ticking: Promise<unknown> | null = null;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly scheduler: DueScheduler,
    private readonly log: { headPosition(): Promise<number> },
    private readonly periodMs: number,
    private readonly report: (line: string) => void = (line) => console.error(line),
  ) {}

  async start(): Promise<Checkpoint> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.stopped = false;
    this.scheduler.reset();
    this.head = await this.log.headPosition();
    if (this.head === 0) this.startTicking();
    return LOG_START;
  }

  async handle(events: readonly RecordedEvent[]): Promise<void> {
    this.scheduler.observe(events);
    if (!this.timer && this.scheduler.position >= this.head) this.startTicking();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking;
  }

  private startTicking(): void {
    this.timer = setInterval(() => this.tick(), this.periodMs);
    this.timer.unref();
    this.tick();
  }

  private tick(): void {
    if (this.ticking || this.stopped) return;
    this.ticking = this.scheduler
      .tick()
      .catch((error: unknown) =>
        this.report(`due scheduler: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.ticking = null));
  }
}
