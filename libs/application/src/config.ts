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
  /** Signs the `tt_vid` cookie (`VISITOR_SECRET`); unset: generated into the data folder. */
  visitorSecret?: string;
  /** `CLICK_SKEW_SECONDS` (300): how long after `paidAt` an order's own click still counts. */
  clickSkewSeconds: number;
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
    visitorSecret: env.VISITOR_SECRET || undefined,
    clickSkewSeconds: Number(env.CLICK_SKEW_SECONDS ?? 300),
  };
};
