import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import {
  InMemorySessionStore,
  RedisSessionStore,
  SESSION_DAYS,
  type SessionStore,
} from '../../src/affiliates/sessions';

const REDIS_URL = process.env.REDIS_URL_TEST ?? 'redis://127.0.0.1:6379';
const now = new Date('2026-03-01T10:00:00.000Z');
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);

/** One contract for both places sessions live. */
describe.each([
  ['in memory', () => new InMemorySessionStore()],
  [
    'in Redis',
    () => new RedisSessionStore(REDIS_URL, `tt:test:${randomBytes(4).toString('hex')}-auth:`),
  ],
])('portal sessions %s', (_name, create: () => SessionStore) => {
  let sessions: SessionStore;
  beforeEach(() => (sessions = create()));
  afterEach(() => sessions.close());

  it('a session is found by its token and carries its own CSRF token', async () => {
    const created = await sessions.create('aff_a', now);
    expect(await sessions.find(created.token, now)).toEqual({
      affiliateId: 'aff_a',
      csrfToken: created.csrfToken,
      expiresAt: later(SESSION_DAYS).toISOString(),
    });
    expect(await sessions.find(`${created.token}x`, now)).toBeNull();
  });

  it('a session ends after its days', async () => {
    const created = await sessions.create('aff_a', now);
    expect(await sessions.find(created.token, later(SESSION_DAYS))).toBeNull();
  });

  it('logout revokes one session; suspension revokes every session of the affiliate, and only theirs', async () => {
    const one = await sessions.create('aff_a', now);
    const two = await sessions.create('aff_a', now);
    const other = await sessions.create('aff_b', now);
    await sessions.revoke(one.token);
    expect(await sessions.find(one.token, now)).toBeNull();
    expect(await sessions.find(two.token, now)).not.toBeNull();
    await sessions.revokeAll('aff_a');
    expect(await sessions.find(two.token, now)).toBeNull();
    expect(await sessions.find(other.token, now)).not.toBeNull();
  });
});

it('Redis keeps only the hash of a session token', async () => {
  const prefix = `tt:test:${randomBytes(4).toString('hex')}-auth:`;
  const sessions = new RedisSessionStore(REDIS_URL, prefix);
  const redis = new Redis(REDIS_URL);
  try {
    const { token } = await sessions.create('aff_a', now);
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.length).toBe(2);
    expect(keys.join(' ')).not.toContain(token);
    await redis.del(...keys);
  } finally {
    redis.disconnect();
    await sessions.close();
  }
});
