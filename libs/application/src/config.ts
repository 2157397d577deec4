/** Configuration from the environment, with the contract's defaults (API.md, "Configuration"). */
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
  dataDir: string;
  ipHashSalt?: string;
  stripe: { secretKey?: string; webhookSecret?: string; apiBase?: string };
  paypal: { clientId?: string; clientSecret?: string; apiBase?: string };
  /** How often the worker checks for commissions out of their hold, ms. */
  dueTickMs: number;
  /** Key that seals endpoint secrets in the log; else one generated in the data folder. */
  webhookKey?: string;
  /** Outbound webhooks: first retry delay (doubles per attempt), per-request timeout, attempts in flight per endpoint. */
  webhooks: { backoffBaseMs: number; timeoutMs: number; concurrency: number };
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): AppConfig => {
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? `http://${host}:${port}`;
  return {
    port,
    host,
    publicBaseUrl,
    shopBaseUrl: env.SHOP_BASE_URL ?? publicBaseUrl,
    eventStoreUrl: env.EVENT_STORE_URL ?? 'sqlite:./data/events.db',
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX ?? 'tt:rm:',
    adminToken: env.ADMIN_TOKEN || undefined,
    shopToken: env.SHOP_TOKEN || undefined,
    dataDir: env.DATA_DIR ?? './data',
    ipHashSalt: env.IP_HASH_SALT || undefined,
    stripe: { secretKey: env.STRIPE_SECRET_KEY, webhookSecret: env.STRIPE_WEBHOOK_SECRET, apiBase: env.STRIPE_API_BASE },
    paypal: { clientId: env.PAYPAL_CLIENT_ID, clientSecret: env.PAYPAL_CLIENT_SECRET, apiBase: env.PAYPAL_API_BASE },
    dueTickMs: Number(env.DUE_TICK_MS ?? 60_000),
    webhookKey: env.WEBHOOK_KEY || undefined,
    webhooks: {
      backoffBaseMs: Number(env.WEBHOOK_BACKOFF_BASE_MS ?? 60_000),
      timeoutMs: Number(env.WEBHOOK_TIMEOUT_MS ?? 10_000),
      concurrency: Number(env.WEBHOOK_CONCURRENCY ?? 8),
    },
  };
};
