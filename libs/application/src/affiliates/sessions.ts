import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { sha256 } from './credentials';

/** A logged-in portal visit. The cookie holds the token; the store holds only its hash. */
export interface Session {
  affiliateId: string;
  /** Sent back by the portal in `X-CSRF-Token` on every write made with the cookie. */
  csrfToken: string;
  expiresAt: string;
}

export const SESSION_DAYS = 7;
const SESSION_MS = SESSION_DAYS * 86_400_000;

/** Where sessions live: Redis when REDIS_URL is set (shared by every api process), else this process's memory. */
export interface SessionStore {
  /** `lifetimeMs` defaults to SESSION_DAYS; the console's admin sessions are shorter. */
  create(affiliateId: string, now: Date, lifetimeMs?: number): Promise<Session & { token: string }>;
  find(token: string, now: Date): Promise<Session | null>;
  revoke(token: string): Promise<void>;
  /** Every session of the affiliate: a suspension or a new password logs them out everywhere. */
  revokeAll(affiliateId: string): Promise<void>;
  close(): Promise<void>;
}

const newSession = (affiliateId: string, now: Date, lifetimeMs: number) => ({
  token: `tts_${randomBytes(32).toString('base64url')}`,
  affiliateId,
  csrfToken: randomBytes(24).toString('base64url'),
  expiresAt: new Date(now.getTime() + lifetimeMs).toISOString(),
});

const keyOf = (token: string) => sha256(`threadtrak-session:${token}`);

export class InMemorySessionStore implements SessionStore {
  private readonly sessions = new Map<string, Session>();

  async create(affiliateId: string, now: Date, lifetimeMs = SESSION_MS) {
    const { token, ...session } = newSession(affiliateId, now, lifetimeMs);
    this.sessions.set(keyOf(token), session);
    return { token, ...session };
  }

  async find(token: string, now: Date) {
    const session = this.sessions.get(keyOf(token));
    if (!session) return null;
    if (session.expiresAt <= now.toISOString()) {
      this.sessions.delete(keyOf(token));
      return null;
    }
    return session;
  }

  async revoke(token: string) {
    this.sessions.delete(keyOf(token));
  }

  async revokeAll(affiliateId: string) {
    for (const [key, session] of this.sessions)
      if (session.affiliateId === affiliateId) this.sessions.delete(key);
  }

  async close() {}
}

/** `{prefix}session:{hash}` → the session (expires with it); `{prefix}sessions:{affiliateId}` → its hashes. */
export class RedisSessionStore implements SessionStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    this.redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  }

  async create(affiliateId: string, now: Date, lifetimeMs = SESSION_MS) {
    const { token, ...session } = newSession(affiliateId, now, lifetimeMs);
    const ttlSeconds = Math.ceil(lifetimeMs / 1000);
    await this.redis
      .multi()
      .set(`${this.prefix}session:${keyOf(token)}`, JSON.stringify(session), 'EX', ttlSeconds)
      .sadd(`${this.prefix}sessions:${affiliateId}`, keyOf(token))
      .expire(`${this.prefix}sessions:${affiliateId}`, ttlSeconds)
      .exec();
    return { token, ...session };
  }

  async find(token: string, now: Date) {
    const stored = await this.redis.get(`${this.prefix}session:${keyOf(token)}`);
    if (!stored) return null;
    const session = JSON.parse(stored) as Session;
    return session.expiresAt > now.toISOString() ? session : null;
  }

  async revoke(token: string) {
    await this.redis.del(`${this.prefix}session:${keyOf(token)}`);
  }

  async revokeAll(affiliateId: string) {
    const index = `${this.prefix}sessions:${affiliateId}`;
    const keys = await this.redis.smembers(index);
    await this.redis.del(index, ...keys.map((key) => `${this.prefix}session:${key}`));
  }

  async close() {
    this.redis.disconnect();
  }
}

/**
 * Sessions are not facts of the ledger: they expire and are revoked, and nothing is decided from them. Kept
 * apart from the read models' prefix, so a projection rebuild does not log everyone out.
 */
export const createSessionStore = (config: {
  redisUrl?: string;
  redisPrefix: string;
}): SessionStore =>
  config.redisUrl
    ? new RedisSessionStore(config.redisUrl, `${config.redisPrefix.replace(/:$/, '')}-auth:`)
    : new InMemorySessionStore();
