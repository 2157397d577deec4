import type { RecordedEvent, Subscription, SubscriptionHandler } from './event-store';

/**
 * Tells waiting subscriptions that the log may have grown. `version` lets a
 * reader notice a commit that landed between its last read and its wait.
 */
export class ChangeFeed {
  private counter = 0;
  private waiters = new Set<() => void>();

  get version(): number {
    return this.counter;
  }

  notify(): void {
    this.counter++;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }

  /** Resolves when `version` moves past `seen`, after `timeoutMs`, or when `signal` aborts. */
  wait(seen: number, timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (this.counter !== seen || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

export interface PollingSubscriptionOptions {
  handler: SubscriptionHandler;
  after: number;
  batchSize: number;
  /** Events with position > after, in order, at most `limit`. */
  fetch(after: number, limit: number): Promise<RecordedEvent[]>;
  feed: ChangeFeed;
  /** Fallback for commits this process is not told about (other processes). */
  pollIntervalMs: number;
  /** Consecutive failed reads tolerated (with backoff) before the subscription fails for good. */
  maxReadRetries?: number;
  onEnd?: (subscription: Subscription) => void;
}

/**
 * Catch-up then live, for stores we can query by position (SQLite, PostgreSQL).
 * One loop: read a batch after the checkpoint; hand it over and await the
 * handler; when nothing is left, wait for a commit notice or the poll interval.
 * So calls never overlap, arrive in global order, and the checkpoint only moves
 * past events the handler has finished with.
 */
export function startPollingSubscription(options: PollingSubscriptionOptions): Subscription {
  const stopping = new AbortController();
  const maxRetries = options.maxReadRetries ?? 10;

  const run = async () => {
    let after = options.after;
    let failures = 0;
    while (!stopping.signal.aborted) {
      const seen = options.feed.version;
      let batch: RecordedEvent[];
      try {
        batch = await options.fetch(after, options.batchSize);
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) return;
        if (++failures > maxRetries) throw error;
        await sleep(Math.min(100 * 2 ** (failures - 1), 5000), stopping.signal);
        continue;
      }
      if (stopping.signal.aborted) return;
      if (batch.length > 0) {
        await options.handler(batch);
        after = batch[batch.length - 1].position;
        continue;
      }
      await options.feed.wait(seen, options.pollIntervalMs, stopping.signal);
    }
  };

  return subscriptionOf(run(), stopping, options.onEnd);
}

/**
 * The Subscription of a running consume loop: `stop` aborts it and waits for it; `onEnd` hears when it ends.
 * An unobserved failure must not crash the process; whoever awaits `done` still sees it.
 */
export function subscriptionOf(
  done: Promise<void>,
  stopping: AbortController,
  onEnd?: (subscription: Subscription) => void,
): Subscription {
  const subscription: Subscription = {
    done,
    stop: async () => {
      stopping.abort();
      await done.catch(() => undefined);
    },
  };
  done.catch(() => undefined).finally(() => onEnd?.(subscription));
  return subscription;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
