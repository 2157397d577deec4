import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { LeaseHolders, LocalLeases, RedisLeases, type Leases } from '../../src/leases';

const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';
const prefix = `tt:lease-holders-test:${randomBytes(4).toString('hex')}:`;

/** Two processes' view of one lease store: the holder's and an operator's (the api's). */
const adapters: [string, () => { holding: Leases; reading: Leases; expires: boolean }][] = [
  [
    'LocalLeases (one process: the api reads the worker’s own leases)',
    () => {
      const leases = new LocalLeases('local:4242');
      return { holding: leases, reading: leases, expires: false };
    },
  ],
  [
    'RedisLeases (the api reads what another process holds)',
    () => ({
      holding: new RedisLeases({
        redis: REDIS_URL,
        prefix,
        ttlMs: 5000,
        owner: 'worker-1:4242:ab',
      }),
      reading: new RedisLeases({ redis: REDIS_URL, prefix, ttlMs: 5000, owner: 'api:1:cd' }),
      expires: true,
    }),
  ],
];

describe.each(adapters)('who holds a lease, read from %s', (_, open) => {
  let stores: ReturnType<typeof open>;
  const owner = (leases: Leases) =>
    leases instanceof RedisLeases ? 'worker-1:4242:ab' : 'local:4242';
  beforeAll(() => (stores = open()));
  afterAll(async () => {
    await stores.holding.close();
    await stores.reading.close();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('reports nobody, then the holder with its token and expiry, then nobody once released', async () => {
    const lease = stores.holding.lease('payout-saga');
    expect(await stores.reading.lease('payout-saga').holder()).toBeNull();
    const token = (await lease.tryAcquire())!;
    expect(token).toBeGreaterThan(0);
    const held = await stores.reading.lease('payout-saga').holder();
    expect(held).toEqual({
      owner: owner(stores.holding),
      token,
      expiresInMs: stores.expires ? expect.any(Number) : null,
    });
    if (stores.expires) {
      expect(held!.expiresInMs).toBeGreaterThan(0);
      expect(held!.expiresInMs).toBeLessThanOrEqual(5000);
    }
    await lease.release(token);
    expect(await stores.reading.lease('payout-saga').holder()).toBeNull();
  });

  it('LeaseHolders reads every consumer’s lease by name, held or not', async () => {
    const token = (await stores.holding.lease('projections').tryAcquire())!;
    const holders = await new LeaseHolders(stores.reading).read();
    expect(Object.keys(holders)).toEqual([
      'ledger-posting',
      'due-scheduler',
      'projections',
      'payout-saga',
      'webhook-deliveries',
    ]);
    expect(holders.projections).toMatchObject({ owner: owner(stores.holding), token });
    expect(holders['ledger-posting']).toBeNull();
    await stores.holding.lease('projections').release(token);
  });
});
