import type { Checkpoint, EventStore, RecordedEvent } from '@threadtrak/event-store';
import { assert, DEFAULT_RULES, streams, type ProgramRulesChanged } from '@threadtrak/ledger';
import { DEFAULT_BACKOFF, retryDelayMs, type BackoffPolicy } from '@threadtrak/payouts';
import type { LogConsumer } from '../processing/log-consumer';
import { attemptPayout, type AttemptDeps, type PayoutWork, type Step } from './payout-saga.attempt';
import { OpenPayouts, type OpenPayout } from './payout-saga.state';

export interface PayoutSagaDeps extends AttemptDeps {
  store: Pick<EventStore, 'headPosition' | 'readStream'>;
  /** Between attempts after a transient error, and between polls of a pending payout; at least `baseMs`. */
  retry?: BackoffPolicy;
  /** Between attempts of a payout that needs attention. Default 15 minutes. */
  attentionRetryMs?: number;
  /** How often due work is looked for. Default 1 s. */
  tickMs?: number;
  /** Payouts worked on at once. Default 8. */
  concurrency?: number;
  /** The checkpoint's name. Default `payout-saga`. */
  name?: string;
  log?: (line: string) => void;
  random?: () => number;
}

/** An approved payout waiting for its outcome. */
export interface OpenPayoutView {
  payoutId: string;
  affiliateId: string;
  amountCents: number;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  providerRef?: string;
}

export interface PayoutAttention extends OpenPayoutView {
  /**
   * `PayoutNeedsAttention` codes, `provider_not_configured`, `resend_window_passed`, `unexpected_error`, and
   * `affiliate_suspended` (a requested payout left for manual approval). An admin cancels (approved) or rejects
   * (requested) what cannot be settled.
   */
  code: string;
  message: string;
  since: string;
  /** When the saga got this answer (the provider's, or the ledger's refusal to auto-approve). */
  answeredAt: string;
}

/**
 * The payout saga: pays approved payouts and auto-approves those below the limit.
 *
 * A LogConsumer, run by a LogProcessor (the worker's LogProcessorHost, under the `payout-saga` lease): the
 * processor hands it the log in batches, awaits `handle`, and stores `checkpoint()` once a batch is done.
 * `handle` folds the batch into the set of open payouts; the checkpoint is the event before the oldest
 * open payout's request, so a restart re-reads just enough to rebuild the set (a checkpoint that does not
 * match the log makes the processor re-read the log from the start). A work loop, apart from the batches,
 * approves, sends, polls and records each payout on its own backoff schedule (the slow retry timer of a
 * parked payout included), so one slow provider call never holds up the log. Sending again after a crash
 * is safe: the provider pays a payout id at most once, and the ledger records its outcome once.
 */
export class PayoutSaga implements LogConsumer {
  readonly name: string;
  private state?: OpenPayouts;

  /** The open payouts, read from the log at start before anything observes or runs. */
  private get known(): OpenPayouts {
    assert(this.state, 'the payout saga has read the open payouts before it runs');
    return this.state;
  }
  private readonly work = new Map<string, PayoutWork>();
  private readonly running = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  /** The log's head when the saga started: payouts approved before it may have been sent already. */
  private readyAt = 0;
  private ready = false;
  private readyWaiters: (() => void)[] = [];
  private stopping = false;
  private readonly retry: BackoffPolicy;
  private readonly logLine: (line: string) => void;

  constructor(private readonly deps: PayoutSagaDeps) {
    this.name = deps.name ?? 'payout-saga';
    this.retry = deps.retry ?? DEFAULT_BACKOFF;
    this.logLine = deps.log ?? ((line) => console.error(line));
  }

  /** Before the first batch of a run, with the verified checkpoint: forgets what an earlier run held. */
  async start(from: Checkpoint): Promise<void> {
    clearInterval(this.timer);
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
    this.stopping = false;
    this.work.clear();
    this.ready = false;
    this.state = new OpenPayouts(from, await autoApproveLimitAt(this.deps.store, from.position));
    this.readyAt = await this.deps.store.headPosition();
    this.timer = setInterval(() => this.runDue(), this.deps.tickMs ?? 1000);
    this.timer.unref();
    this.readyOnceAt(from.position);
  }

  /** Folds a batch into the open payouts; the work it makes due starts apart from the batch. */
  async handle(events: readonly RecordedEvent[]): Promise<void> {
    const state = this.known;
    const now = this.deps.clock.now().getTime();
    let workable = false;
    for (const event of events) {
      const payout = state.observe(event);
      if (payout) {
        // Approved before this saga caught up with the log: an earlier process may have sent it.
        const mayHaveSent = !this.ready && payout.status === 'approved';
        this.work.set(payout.payoutId, {
          attempts: 0,
          nextAttemptAt: now,
          settled: false,
          mayHaveSent,
        });
        workable = true;
      }
    }
    for (const payoutId of this.work.keys())
      if (!state.payouts.has(payoutId)) this.work.delete(payoutId);
    this.readyOnceAt(state.position);
    if (workable) this.runDue();
  }

  /** What the processor stores: the event before the oldest open payout's request (or the last read). */
  checkpoint(): Checkpoint {
    return this.known.replayFrom();
  }

  /** Stops starting work; resolves when the work in flight has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    this.timer = undefined;
    this.releaseReadyWaiters();
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Resolves once the saga has read the log up to its head as of its start (it then starts work). */
  whenReady(): Promise<void> {
    if (this.ready || this.stopping) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Runs the work that is due now and waits for it (and for the work it started). */
  async settle(): Promise<void> {
    this.runDue();
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  open(): OpenPayoutView[] {
    return [...(this.state?.payouts.values() ?? [])]
      .filter((payout) => payout.status === 'approved')
      .map((payout) => this.view(payout));
  }

  /** Read from the log (PayoutAttentionRaised), so any process reading it lists the same. */
  needsAttention(): PayoutAttention[] {
    const parked: PayoutAttention[] = [];
    for (const payout of this.state?.payouts.values() ?? []) {
      const attention = payout.attention;
      if (attention) {
        const { code, message, since, at } = attention;
        parked.push({ ...this.view(payout), code, message, since, answeredAt: at });
      }
    }
    return parked;
  }

  private view(payout: OpenPayout): OpenPayoutView {
    const work = this.work.get(payout.payoutId);
    return {
      payoutId: payout.payoutId,
      affiliateId: payout.affiliateId,
      amountCents: payout.amountCents,
      attempts: work?.attempts ?? 0,
      nextAttemptAt: new Date(work?.nextAttemptAt ?? this.deps.clock.now().getTime()).toISOString(),
      ...(work?.lastError ? { lastError: work.lastError } : {}),
      ...(work?.providerRef ? { providerRef: work.providerRef } : {}),
    };
  }

  private readyOnceAt(position: number): void {
    if (this.ready || position < this.readyAt) return;
    this.ready = true;
    this.releaseReadyWaiters();
    this.runDue();
  }

  private releaseReadyWaiters(): void {
    for (const resolve of this.readyWaiters) resolve();
    this.readyWaiters = [];
  }

  private runDue(): void {
    if (!this.ready || this.stopping) return;
    const now = this.deps.clock.now().getTime();
    for (const [payoutId, work] of this.work) {
      if (this.running.size >= (this.deps.concurrency ?? 8)) return;
      const payout = this.known.payouts.get(payoutId);
      if (!payout || work.settled || work.nextAttemptAt > now || this.running.has(payoutId))
        continue;
      const task = this.attempt(payout, work).finally(() => {
        this.running.delete(payoutId);
        this.runDue();
      });
      this.running.set(payoutId, task);
    }
  }

  private async attempt(payout: OpenPayout, work: PayoutWork): Promise<void> {
    work.attempts += 1;
    let step: Step;
    try {
      step = await attemptPayout(payout, work, this.deps);
    } catch (error) {
      step = { next: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    const now = this.deps.clock.now();
    const backoff = Math.max(
      this.retry.baseMs,
      retryDelayMs(work.attempts, this.retry, this.deps.random),
    );
    switch (step.next) {
      case 'settled':
        work.settled = true;
        work.lastError = undefined;
        return;
      case 'poll':
        work.providerRef = step.providerRef;
        work.nextAttemptAt = now.getTime() + backoff;
        // The provider took it: nothing waits for an operator any more.
        if (payout.attention) await this.recorded(payout, work, () => this.clear(payout));
        return;
      case 'retry':
        work.lastError = step.error;
        work.nextAttemptAt = now.getTime() + backoff;
        this.logLine(
          `payout ${payout.payoutId}: attempt ${work.attempts} failed, retrying at ${new Date(work.nextAttemptAt).toISOString()}: ${step.error}`,
        );
        return;
      case 'manual':
        work.settled = true;
        this.logLine(
          `PAYOUT WAITS FOR AN ADMIN ${payout.payoutId} (${step.code}): ${step.message}`,
        );
        await this.recorded(payout, work, () => this.raise(payout, work, step, null));
        return;
      case 'attention':
        work.lastError = step.message;
        work.nextAttemptAt = now.getTime() + (this.deps.attentionRetryMs ?? 15 * 60_000);
        this.logLine(
          `PAYOUT NEEDS ATTENTION ${payout.payoutId} (${step.code}), kept open, not failed: ${step.message}`,
        );
        await this.recorded(payout, work, () =>
          this.raise(payout, work, step, new Date(work.nextAttemptAt).toISOString()),
        );
        return;
      default:
        return step satisfies never;
    }
  }

  private raise(
    payout: OpenPayout,
    work: PayoutWork,
    answer: { code: string; message: string },
    nextAttemptAt: string | null,
  ): Promise<void> {
    return this.deps.payouts.raiseAttention(payout.affiliateId, {
      payoutId: payout.payoutId,
      code: answer.code,
      message: answer.message,
      attempt: work.attempts,
      nextAttemptAt,
    });
  }

  private clear(payout: OpenPayout): Promise<void> {
    return this.deps.payouts.clearAttention(payout.affiliateId, payout.payoutId);
  }

  /**
   * Attention raised or cleared is what every process reads; a write that fails is tried again at the
   * next attempt, soon (the step's own schedule, or the backoff for a payout that would wait for an admin).
   */
  private async recorded(
    payout: OpenPayout,
    work: PayoutWork,
    write: () => Promise<void>,
  ): Promise<void> {
    try {
      await write();
    } catch (error) {
      work.settled = false;
      work.nextAttemptAt = Math.min(
        work.nextAttemptAt,
        this.deps.clock.now().getTime() + this.retry.baseMs,
      );
      this.logLine(
        `payout ${payout.payoutId}: recording why it waits failed, trying again: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** The auto-approve limit of the rules in force at a log position: the program stream is short. */
const autoApproveLimitAt = async (
  store: Pick<EventStore, 'readStream'>,
  position: number,
): Promise<number> => {
  let limit = DEFAULT_RULES.autoApproveBelowCents;
  for await (const event of store.readStream(streams.program())) {
    if (event.position > position) break;
    if (event.type === 'ProgramRulesChanged')
      limit = (event.data as ProgramRulesChanged['data']).autoApproveBelowCents;
  }
  return limit;
};
