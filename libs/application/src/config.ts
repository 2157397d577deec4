import { join } from 'node:path';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Configuration from the environment, with the contract's defaults (API.md, "Configuration"). This file is
 * the only reader of `process.env` in apps/ and libs/ (a spec checks it); the Nest applications get this
 * object from `@nestjs/config` (namespace `app`) and the `APP_CONFIG` token.
 */
export interface AppConfig {
  port: number;
  host: string;
  publicBaseUrl: string;
  shopBaseUrl: string;
  eventStoreUrl: string;
  redisUrl?: string;
  /** Key prefix of the read models in Redis. */
  redisPrefix: string;
  adminToken?: string;
  /** Optional second credential for shops' servers posting orders. */
  shopToken?: string;
  /** The embedded deployment's folder: the default event log, generated secrets, the lock. */
  dataDir: string;
  ipHashSalt?: string;
  /** Key of the email hashes (self-referral checks); absent: generated into the data folder. */
  emailHashSecret?: string;
  stripe: { secretKey?: string; webhookSecret?: string; apiBase?: string };
  paypal: { clientId?: string; clientSecret?: string; apiBase?: string };
  /** How often the worker checks for commissions out of their hold, ms. */
  dueTickMs: number;
  /** How long a worker's lease on a log consumer lasts without renewal (with REDIS_URL), ms. */
  leaseTtlMs: number;
  /** Signs the `tt_vid` cookie (`VISITOR_SECRET`); unset: generated into the data folder. */
  visitorSecret?: string;
  /** `CLICK_SKEW_SECONDS` (300): how long after `paidAt` an order's own click still counts. */
  clickSkewSeconds: number;
  /** Key that seals endpoint secrets in the log; else one generated in the data folder. */
  webhookKey?: string;
  /** Outbound webhooks: first retry delay (doubles per attempt), per-request timeout, attempts in flight per endpoint. */
  webhooks: { backoffBaseMs: number; timeoutMs: number; concurrency: number };
  /** `PAYOUT_PROVIDER_TIMEOUT_MS` (10000): one call to Stripe or PayPal when paying out. */
  payoutProviderTimeoutMs: number;
  /** `TRUST_PROXY` (false): take the client IP from `X-Forwarded-For`. */
  trustProxy: boolean;
  /** `PORTAL_DIR`: the built portal; unset: where `npm run build` puts it. */
  portalDir?: string;
  /** `LOG_LEVEL` (info): the least severe level written. */
  logLevel: LogLevel;
  /** `METRICS_TOKEN`: a bearer token that opens `GET /metrics` only (the admin token always does). */
  metricsToken?: string;
  /** `THREADTRAK_CLOCK_FILE`: end-to-end tests only; the time is the instant this file holds. */
  clockFile?: string;
}

/** A variable whose value the service cannot run with: the process exits 1 naming it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const port = integer(env, 'PORT', 3000, 1, 65_535);
  const host = env.HOST || '127.0.0.1';
  const publicBaseUrl = httpUrl(env, 'PUBLIC_BASE_URL', `http://${host}:${port}`);
  const dataDir = env.DATA_DIR || './data';
  return {
    port,
    host,
    publicBaseUrl,
    shopBaseUrl: httpUrl(env, 'SHOP_BASE_URL', publicBaseUrl),
    eventStoreUrl: eventStoreUrl(env, `sqlite:${join(dataDir, 'events.db')}`),
    redisUrl: redisUrl(env),
    redisPrefix: env.REDIS_PREFIX ?? 'tt:rm:',
    adminToken: env.ADMIN_TOKEN || undefined,
    shopToken: env.SHOP_TOKEN || undefined,
    dataDir,
    ipHashSalt: env.IP_HASH_SALT || undefined,
    emailHashSecret: env.EMAIL_HASH_SECRET || undefined,
    stripe: {
      secretKey: env.STRIPE_SECRET_KEY?.trim() || undefined,
      webhookSecret: env.STRIPE_WEBHOOK_SECRET?.trim() || undefined,
      apiBase: env.STRIPE_API_BASE ? httpUrl(env, 'STRIPE_API_BASE', '') : undefined,
    },
    paypal: paypal(env),
    dueTickMs: integer(env, 'DUE_TICK_MS', 60_000, 10, 86_400_000),
    leaseTtlMs: integer(env, 'LEASE_TTL_MS', 5000, 100, 600_000),
    visitorSecret: env.VISITOR_SECRET || undefined,
    clickSkewSeconds: integer(env, 'CLICK_SKEW_SECONDS', 300, 0, 86_400),
    webhookKey: env.WEBHOOK_KEY || undefined,
    webhooks: {
      backoffBaseMs: integer(env, 'WEBHOOK_BACKOFF_BASE_MS', 60_000, 1, 86_400_000),
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 1, 600_000),
      concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 8, 1, 1_000),
    },
    payoutProviderTimeoutMs: integer(env, 'PAYOUT_PROVIDER_TIMEOUT_MS', 10_000, 1, 600_000),
    trustProxy: boolean(env, 'TRUST_PROXY'),
    portalDir: env.PORTAL_DIR || undefined,
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    metricsToken: env.METRICS_TOKEN || undefined,
    clockFile: env.THREADTRAK_CLOCK_FILE || undefined,
  };
};

const boolean = (env: NodeJS.ProcessEnv, name: string): boolean =>
  oneOf(env, name, ['true', 'false'] as const, 'false') === 'true';

const oneOf = <T extends string>(
  env: NodeJS.ProcessEnv,
  name: string,
  values: readonly T[],
  fallback: T,
): T => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T))
    throw new ConfigError(name, `must be one of ${values.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
};

/** An integer in [min, max]; unset or empty: the default. */
const integer = (
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max)
    throw new ConfigError(
      name,
      `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  return value;
};

/** An absolute http(s) URL with a host: links and redirects are built on it. */
const httpUrl = (env: NodeJS.ProcessEnv, name: string, fallback: string): string => {
  const raw = env[name] || fallback;
  const url = parsed(raw);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname)
    throw new ConfigError(
      name,
      `must be an absolute http(s) URL such as https://shop.example.com, got ${JSON.stringify(raw)}`,
    );
  return raw;
};

/** Both PayPal credentials or neither: half of one is a mistake, not "PayPal off". */
const paypal = (env: NodeJS.ProcessEnv): AppConfig['paypal'] => {
  const clientId = env.PAYPAL_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.PAYPAL_CLIENT_SECRET?.trim() || undefined;
  if (Boolean(clientId) !== Boolean(clientSecret))
    throw new ConfigError(
      clientId ? 'PAYPAL_CLIENT_SECRET' : 'PAYPAL_CLIENT_ID',
      'must be set with its pair: PayPal payouts need both PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET',
    );
  const apiBase = env.PAYPAL_API_BASE ? httpUrl(env, 'PAYPAL_API_BASE', '') : undefined;
  return { clientId, clientSecret, apiBase };
};

const EVENT_STORE_SCHEMES = [
  'sqlite',
  'postgres',
  'postgresql',
  'esdb',
  'esdb+discover',
  'kurrentdb',
  'kurrentdb+discover',
];

const eventStoreUrl = (env: NodeJS.ProcessEnv, fallback: string): string => {
  const raw = env.EVENT_STORE_URL || fallback;
  const scheme = /^([a-z+]+):/i.exec(raw)?.[1]?.toLowerCase();
  if (!scheme || !EVENT_STORE_SCHEMES.includes(scheme))
    throw new ConfigError(
      'EVENT_STORE_URL',
      `must start with sqlite:, postgres://, esdb:// or kurrentdb://, got ${JSON.stringify(masked(raw))}`,
    );
  if (scheme === 'sqlite' && raw.length === 'sqlite:'.length)
    throw new ConfigError('EVENT_STORE_URL', 'needs a path, e.g. sqlite:./data/events.db');
  if (scheme !== 'sqlite' && !parsed(raw))
    throw new ConfigError('EVENT_STORE_URL', `is not a URL: ${JSON.stringify(masked(raw))}`);
  return raw;
};

const redisUrl = (env: NodeJS.ProcessEnv): string | undefined => {
  const raw = env.REDIS_URL;
  if (!raw) return undefined;
  const url = parsed(raw);
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname)
    throw new ConfigError(
      'REDIS_URL',
      `must be a redis:// or rediss:// URL, got ${JSON.stringify(masked(raw))}`,
    );
  return raw;
};

const parsed = (raw: string): URL | null => {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
};

/** Credentials in a URL never reach the output. */
const masked = (raw: string): string => raw.replace(/\/\/[^@/]*@/, '//***@');
