import { TransientProviderError } from './payout-provider';

/**
 * Retry policy is the payout saga's: it calls `send` again with the same payout id after a
 * TransientProviderError, at a time it stores, so a retry survives a crash and never holds a
 * worker asleep. Providers make one attempt per call. This is the delay the saga waits.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 10 * 60_000 };

/** "Full jitter": uniform in [0, min(maxMs, baseMs · 2^(attempt-1))]; `attempt` counts from 1. */
export function retryDelayMs(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    policy.maxMs,
    policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)),
  );
  return Math.floor(random() * ceiling);
}

/** Only a transient error may be retried; any other error is an outcome or needs an operator. */
export const isRetryable = (error: unknown): error is TransientProviderError =>
  error instanceof TransientProviderError;
