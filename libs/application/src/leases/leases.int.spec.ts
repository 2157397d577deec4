import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { LeaseHolder, type Running } from './lease-holder';
import type { Lease } from './lease';
import { RedisLeases } from './redis-lease';

const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a lease in Redis lets one worker at a time run a consumer', () => {
  const prefix = `tt:lease-test:${randomBytes(4).toString('hex')}:`;
  const redis = new Redis(REDIS_URL);
  const opened: RedisLeases[] = [];
  const leasesOf = (owner: string, ttlMs = 300) => {
    const leases = new RedisLeases({ redis: REDIS_URL, prefix, ttlMs, owner });
    opened.push(leases);
    return leases;
  };

  afterAll(async () => {
    await Promise.all(opened.map((leases) => leases.close()));
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('is taken by one owner; the fencing token grows with each acquisition; only the holder renews or releases it', async () => {
    const a = leasesOf('worker-a').lease('saga');
    const b = leasesOf('worker-b').lease('saga');
    const first = await a.tryAcquire();
    expect(first).toBeGreaterThan(0);
    expect(await b.tryAcquire()).toBeNull();
    expect(await a.renew(first!)).toBe(true);
    expect(await b.renew(first!)).toBe(false);
    await b.release(first!);
    expect(await a.holder()).toEqual({
      owner: 'worker-a',
      token: first,
      expiresInMs: expect.any(Number),
    });

    await sleep(400); // not renewed: it expires
    const second = await b.tryAcquire();
    expect(second).toBe(first! + 1);
    expect(await a.renew(first!)).toBe(false);
    await a.release(first!);
    expect(await b.holder()).toEqual({
      owner: 'worker-b',
      token: second,
      expiresInMs: expect.any(Number),
    });
    await b.release(second!);
    expect(await a.holder()).toBeNull();
  });

  it('ten owners racing for a free lease: exactly one wins', async () => {
    const contenders = Array.from({ length: 10 }, (_, i) => leasesOf(`racer-${i}`).lease('race'));
    const tokens = await Promise.all(contenders.map((lease) => lease.tryAcquire()));
    expect(tokens.filter((token) => token !== null)).toHaveLength(1);
  });

  /** Each start and stop of the consumer, per worker, so the test can check they never overlap. */
  const consumerLog = () => {
    const spans: { worker: string; token: number; from: number; to?: number }[] = [];
    const starter =
      (worker: string) =>
      async (token: number): Promise<Running> => {
        const span: { worker: string; token: number; from: number; to?: number } = {
          worker,
          token,
          from: Date.now(),
        };
        spans.push(span);
        return { stop: async () => void (span.to = Date.now()) };
      };
    const overlapping = () => {
      const sorted = [...spans].sort((x, y) => x.from - y.from);
      return sorted.filter((span, i) => i > 0 && (sorted[i - 1]!.to ?? Infinity) > span.from);
    };
    return { spans, starter, overlapping };
  };

  it('a holder that stops hands the lease over at once, and the next holder gets a larger fencing token', async () => {
    const consumer = consumerLog();
    const options = { ttlMs: 300, renewMs: 50, retryMs: 30 };
    const one = new LeaseHolder(
      leasesOf('one').lease('projection:x'),
      consumer.starter('one'),
      options,
    );
    const two = new LeaseHolder(
      leasesOf('two').lease('projection:x'),
      consumer.starter('two'),
      options,
    );
    await one.begin();
    await two.begin();
    await sleep(200);
    expect(consumer.spans.map((span) => span.worker)).toEqual(['one']);
    expect(one.heldToken).not.toBeNull();
    expect(two.heldToken).toBeNull();

    const stoppedAt = Date.now();
    await one.stop();
    await sleep(150);
    expect(consumer.spans.map((span) => span.worker)).toEqual(['one', 'two']);
    expect(consumer.spans[1]!.from - stoppedAt).toBeLessThan(150);
    expect(consumer.spans[1]!.token).toBeGreaterThan(consumer.spans[0]!.token);
    await two.stop();
    expect(consumer.overlapping()).toEqual([]);
  });

  it('a holder cut off from Redis stops its consumer before the lease expires, and another takes over', async () => {
    const consumer = consumerLog();
    let cutOff = false;
    const flaky = (lease: Lease): Lease => ({
      ...lease,
      tryAcquire: () => (cutOff ? new Promise(() => undefined) : lease.tryAcquire()),
      renew: (token) => (cutOff ? new Promise(() => undefined) : lease.renew(token)),
    });
    const options = { ttlMs: 1000, renewMs: 100, retryMs: 30 };
    const isolated = new LeaseHolder(
      flaky(leasesOf('isolated', 1000).lease('payout-saga')),
      consumer.starter('isolated'),
      options,
    );
    const healthy = new LeaseHolder(
      leasesOf('healthy', 1000).lease('payout-saga'),
      consumer.starter('healthy'),
      options,
    );
    await isolated.begin();
    await healthy.begin();
    cutOff = true;
    await sleep(1600);
    expect(consumer.spans.map((span) => span.worker)).toEqual(['isolated', 'healthy']);
    expect(consumer.overlapping()).toEqual([]);
    cutOff = false;
    await healthy.stop();
    await isolated.stop();
  });
});
