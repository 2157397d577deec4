import {
  assert,
  deltaByAffiliate,
  reattributeOrder,
  reattributionKey,
  ReattributionScan,
  resolveReattribution,
  streams,
  type OrderReattribution,
  type OrderState,
  type PlannedChange,
  type ProgramRules,
  type ReattributionChange,
  type ReattributionRecord,
  type ReattributionPlan,
  type ReattributionPlanKey,
  type SubscriptionBound,
} from '@threadtrak/ledger';
import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import type { Facts } from '../facts';
import { handleCommand, retryOnConflict } from '../handle-command';
import { ledgerHandler, orderReattributionHandler, subscriptionHandler } from '../stream-handlers';
import { ReattributionRecords } from './reattribution-record';

export interface ReattributeRequest {
  /** Orders paid in [from, to): ISO 8601 instants (a date means its midnight UTC). */
  from: string;
  to: string;
  /** Overrides of the program's rules (cookieWindowDays, attributionModel, holdDays, defaultRateBps); absent: the rules in force. */
  rules?: Partial<ProgramRules>;
  dryRun: boolean;
}

/** The contract's answer (`reattributionId`, `ordersExamined`, `changes`, `deltaByAffiliate`) and what it was decided under. */
export interface ReattributionResult {
  reattributionId: string;
  ordersExamined: number;
  changes: ReattributionChange[];
  deltaByAffiliate: { affiliateId: string; deltaCents: number }[];
  dryRun: boolean;
  /** When it was applied, by this call or an earlier one; absent while it is not. */
  appliedAt?: string;
  from: string;
  to: string;
  rules: ProgramRules;
  rulesVersion: number;
}

/**
 * Appended in chunks of 200 events, far below any store's batch limit (EventStoreDB's is 1 MiB). Orders,
 * payouts and the ledger-posting worker write the same ledgers while an apply runs: up to nine more tries.
 */
const onLedgerInChunks = ledgerHandler(retryOnConflict(9), 200);
const onSubscription = subscriptionHandler(retryOnConflict(2));

/**
 * `POST /v1/admin/reattributions` and `cli reattribute`: re-decides the orders paid in a range under other
 * rules and, unless it is a dry run, appends the difference as compensating events.
 *
 * The id derives from (range, rules), so the same request is the same re-attribution: once applied, asking
 * again (dry run or not) answers the stored record and appends nothing. Applying runs in three steps, each
 * idempotent, so an apply that stops half-way is finished by applying again:
 * 1. each changed order gets `OrderReattributed` (expected revision: the one read; a refund that lands in
 *    between makes it re-read the order and try again);
 * 2. each affected ledger gets, in one decision per affiliate, the reversal of the replaced commissions and
 *    the new commissions with the order's refunds applied again;
 * 3. `ReattributionApplied` records it (`no_stream`).
 * Orders recorded after the scan are not in it: they were decided by the write side under the rules in
 * force when they arrived.
 */
export class Reattribute {
  private readonly records: ReattributionRecords;

  constructor(
    private readonly log: EventLog,
    private readonly facts: Facts,
    private readonly clock: Clock,
    private readonly concurrency = 16,
  ) {
    this.records = new ReattributionRecords(log);
  }

  /** `onProgress` hears the count of events scanned, now and then (the CLI's progress line). */
  async run(
    request: ReattributeRequest,
    metadata: { actor: string; correlationId?: string } = { actor: 'admin' },
    onProgress?: (eventsScanned: number) => void,
  ): Promise<ReattributionResult> {
    const program = await this.facts.program();
    const key = resolveReattribution(request, program.rules);
    const reattributionId = reattributionIdOf(key);
    const stored = await this.records.read(reattributionId);
    if (stored && !request.dryRun) return resultOf(stored, false, stored.occurredAt);

    const plan = await this.scan(key, reattributionId, program.version, onProgress);
    const now = this.clock.now().toISOString();
    const draft: ReattributionRecord = {
      reattributionId,
      ...key,
      rulesVersion: program.version,
      ordersExamined: plan.ordersExamined,
      changes: plan.outstanding,
      occurredAt: now,
    };
    // A dry run compares with the orders as they stand: after this re-attribution's apply, nothing changes.
    if (request.dryRun) return resultOf(draft, true, stored?.occurredAt);

    const meta = { correlationId: reattributionId, ...metadata };
    const outcomes = await this.reattributeOrders(plan.changes, reattributionId, now, meta);
    await this.postToLedgers(outcomes, reattributionId, now, meta);
    for (const rebound of plan.bindings) await this.rebind(rebound, reattributionId, now, meta);
    const changes = outcomes.map((outcome) => outcome.change).sort(byOrderId);
    const written = await this.records.write({ ...draft, changes }, meta);
    return resultOf(written, false, written.occurredAt);
  }

  /** Re-decides every order of the range in one lazy pass over the log. */
  async scan(
    key: ReattributionPlanKey,
    reattributionId: string,
    rulesVersion: number,
    onProgress?: (eventsScanned: number) => void,
  ): Promise<ReattributionPlan> {
    const scan = new ReattributionScan(key, reattributionId, rulesVersion);
    let scanned = 0;
    for await (const event of this.log.store.readAll()) {
      scan.observe(event);
      if (onProgress && ++scanned % 10_000 === 0) onProgress(scanned);
    }
    onProgress?.(scanned);
    return scan.plan();
  }

  /** A re-decided subscription binding: the invoices paid after the apply follow it. Idempotent per re-attribution. */
  private rebind(
    rebound: SubscriptionBound['data'],
    reattributionId: string,
    now: string,
    metadata: { actor: string; correlationId?: string },
  ) {
    return handleCommand(
      this.log,
      onSubscription,
      streams.subscription(rebound.subscriptionId),
      { type: 'ReattributeSubscription', rebound, reattributionId, now },
      metadata,
    );
  }

  private async reattributeOrders(
    planned: PlannedChange[],
    reattributionId: string,
    now: string,
    metadata: object,
  ) {
    const outcomes: OrderReattribution[] = [];
    await eachConcurrently(planned, this.concurrency, async ({ orderId, attribution }) => {
      const command = { orderId, reattributionId, attribution, now };
      const { state } = await handleCommand(
        this.log,
        orderReattributionHandler(reattributionId, retryOnConflict(4)),
        streams.order(orderId),
        command,
        { actor: 'admin', ...metadata },
      );
      // Decided again on the state after: what this re-attribution recorded, now or by an earlier apply.
      const outcome = reattributeOrder(state, command);
      if (outcome.kind !== 'unchanged') outcomes.push(outcome.result);
    });
    return outcomes;
  }

  private async postToLedgers(
    outcomes: OrderReattribution[],
    reattributionId: string,
    now: string,
    metadata: object,
  ) {
    const work = new Map<string, { replaced: string[]; earning: OrderState[] }>();
    const of = (affiliateId: string) => {
      const entry = work.get(affiliateId) ?? { replaced: [], earning: [] };
      work.set(affiliateId, entry);
      return entry;
    };
    for (const { replaced, earning } of outcomes) {
      if (replaced) of(replaced.affiliateId).replaced.push(replaced.commissionId);
      if (earning) {
        assert(earning.attribution, 'an order that earns a commission is attributed');
        of(earning.attribution.affiliateId).earning.push(earning);
      }
    }
    await eachConcurrently(
      [...work],
      this.concurrency,
      async ([affiliateId, { replaced, earning }]) => {
        await handleCommand(
          this.log,
          onLedgerInChunks,
          streams.ledger(affiliateId),
          { type: 'PostReattribution', affiliateId, reattributionId, replaced, earning, now },
          { actor: 'admin', ...metadata },
        );
      },
    );
  }
}

/** `ra_` + 16 hex digits of SHA-256 over the canonical (range, rules). */
const reattributionIdOf = (key: ReattributionPlanKey): string =>
  `ra_${createHash('sha256').update(reattributionKey(key)).digest('hex').slice(0, 16)}`;

const resultOf = (
  record: ReattributionRecord,
  dryRun: boolean,
  appliedAt: string | undefined,
): ReattributionResult => ({
  reattributionId: record.reattributionId,
  ordersExamined: record.ordersExamined,
  changes: record.changes,
  deltaByAffiliate: deltaByAffiliate(record.changes),
  dryRun,
  ...(appliedAt ? { appliedAt } : {}),
  from: record.from,
  to: record.to,
  rules: record.rules,
  rulesVersion: record.rulesVersion ?? 0,
});

const byOrderId = (a: ReattributionChange, b: ReattributionChange) =>
  a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;

/**
 * Runs `work` over the items, at most `limit` at a time (the SQLite store commits concurrent appends together).
 * After a failure no new item starts; it waits for those running, then throws the first error.
 */
const eachConcurrently = async <T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> => {
  const queue = items.values();
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    for (let item = queue.next(); !failure && !item.done; item = queue.next()) {
      try {
        await work(item.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
};
