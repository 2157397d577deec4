/**
 * When a failed delivery is tried again. Exponential from `baseMs`, capped at `maxMs`, with "equal
 * jitter" (half the step fixed, half random) so that endpoints failing together do not retry together
 * and the schedule still grows. Retries go on until `windowMs` after the delivery was scheduled (72 h,
 * the contract's minimum): the attempt that finds the window over is the last, so attempts span it.
 */
export interface RetrySchedule {
  baseMs: number;
  maxMs: number;
  windowMs: number;
}

export const RETRY_WINDOW_MS = 72 * 3600_000;
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseMs: 60_000,
  maxMs: 6 * 3600_000,
  windowMs: RETRY_WINDOW_MS,
};

export const retryDelayMs = (
  attempt: number,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): number => {
  const step = Math.min(
    schedule.maxMs,
    schedule.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 40),
  );
  return Math.round(step / 2 + random() * (step / 2));
};

/** After failed attempt number `attempt` at `now`: when to try next, or null when the window is over. */
export const nextAttemptAt = (
  attempt: number,
  windowStart: number,
  now: number,
  schedule: RetrySchedule,
  random: () => number = Math.random,
): number | null =>
  now - windowStart >= schedule.windowMs ? null : now + retryDelayMs(attempt, schedule, random);
