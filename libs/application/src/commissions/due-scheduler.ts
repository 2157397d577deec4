import type { EventStore, RecordedEvent } from '@threadtrak/event-store';
import { streams, type CommissionEarned } from '@threadtrak/ledger';
import { ledgerHandler } from '../stream-handlers';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';

/** Orders, payouts and postings write the same ledgers: a busy one may take a few tries. */
const onLedger = ledgerHandler(retryOnConflict(4));

/**
 * Makes commissions due when their refund hold ends. It learns the pending commissions from the log
 * (a subscription from the start: its memory is small, one entry per pending commission) and on each tick
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

  observe(events: RecordedEvent[]): void {
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

  /** Subscribes from the start of the log and keeps observing. */
  start(store: EventStore) {
    return store.subscribeToAll(async (events) => this.observe(events));
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
