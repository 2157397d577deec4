import { TransientProviderError } from './payout-provider';
import { isRetryable, retryDelayMs } from './retry-policy';

describe('the delay before the saga retries a payout', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles its ceiling with every attempt, up to the maximum', () => {
    const ceiling = (attempt: number) => retryDelayMs(attempt, policy, () => 0.999_999);
    expect([1, 2, 3, 4, 7, 8, 1_000].map(ceiling)).toEqual([
      999, 1_999, 3_999, 7_999, 59_999, 59_999, 59_999,
    ]);
  });

  it('is jittered down to zero so retries of many payouts spread out', () => {
    expect(retryDelayMs(5, policy, () => 0)).toBe(0);
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(2_000);
  });

  it('applies only to transient provider errors', () => {
    expect(isRetryable(new TransientProviderError('timeout'))).toBe(true);
    expect(isRetryable(new Error('bug'))).toBe(false);
  });
});
