import {
  DEFAULT_RETRY_SCHEDULE,
  nextAttemptAt,
  retryDelayMs,
  RETRY_WINDOW_MS,
} from '../../src/webhooks/backoff';

const HOUR = 3600_000;

/** The attempt times of a delivery whose receiver never answers 2xx. */
const attemptsOfAFailingDelivery = (random: () => number) => {
  const times = [0];
  for (let attempt = 1; attempt < 1000; attempt++) {
    const next = nextAttemptAt(
      attempt,
      0,
      times[times.length - 1]!,
      DEFAULT_RETRY_SCHEDULE,
      random,
    );
    if (next === null) return times;
    times.push(next);
  }
  throw new Error('the schedule never ends');
};

describe('the retry schedule of a failing delivery', () => {
  it.each([
    ['shortest jitter', () => 0],
    ['longest jitter', () => 0.999999],
    ['random jitter', Math.random],
  ])('spans at least 72 hours and then stops (%s)', (_, random) => {
    const times = attemptsOfAFailingDelivery(random);
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    expect(times[times.length - 2]! - times[0]!).toBeLessThan(RETRY_WINDOW_MS);
    expect(times.length).toBeLessThan(40);
  });

  it('starts at about a minute, doubles, and never waits more than 6 hours', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE, () => 0)).toBe(30_000);
    expect(retryDelayMs(1, DEFAULT_RETRY_SCHEDULE, () => 1)).toBe(60_000);
    expect(retryDelayMs(2, DEFAULT_RETRY_SCHEDULE, () => 1)).toBe(120_000);
    expect(retryDelayMs(30, DEFAULT_RETRY_SCHEDULE, () => 1)).toBe(6 * HOUR);
  });

  it('jitter spreads endpoints that failed together', () => {
    const delays = new Set(
      Array.from({ length: 20 }, () => retryDelayMs(5, DEFAULT_RETRY_SCHEDULE)),
    );
    expect(delays.size).toBeGreaterThan(10);
  });
});
