import { ConfigError, loadConfig } from '../src/config';

const refused = (env: NodeJS.ProcessEnv): ConfigError => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('configuration from the environment', () => {
  it('defaults: the embedded event log lives in DATA_DIR', () => {
    expect(loadConfig({}).eventStoreUrl).toBe('sqlite:data/events.db');
    expect(loadConfig({ DATA_DIR: '/srv/threadtrak' }).eventStoreUrl).toBe(
      'sqlite:/srv/threadtrak/events.db',
    );
    expect(
      loadConfig({ DATA_DIR: '/srv/threadtrak', EVENT_STORE_URL: 'postgres://db/x' }).eventStoreUrl,
    ).toBe('postgres://db/x');
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      dueTickMs: 60_000,
      leaseTtlMs: 5000,
      shopBaseUrl: 'http://127.0.0.1:3000',
    });
  });

  it('reads the operational settings with the contract defaults', () => {
    expect(loadConfig({})).toMatchObject({
      logLevel: 'info',
      trustProxy: false,
      payoutProviderTimeoutMs: 10_000,
      paypal: { clientId: undefined, clientSecret: undefined },
    });
    expect(
      loadConfig({ LOG_LEVEL: 'warn', TRUST_PROXY: 'true', METRICS_TOKEN: 'scrape' }),
    ).toMatchObject({ logLevel: 'warn', trustProxy: true, metricsToken: 'scrape' });
    // An empty pair is "PayPal off", not half a credential.
    expect(loadConfig({ PAYPAL_CLIENT_ID: '', PAYPAL_CLIENT_SECRET: '' }).paypal.clientId).toBe(
      undefined,
    );
  });

  it('reads the lease ttl (LEASE_TTL_MS) with the rest', () => {
    expect(loadConfig({ LEASE_TTL_MS: '2000' }).leaseTtlMs).toBe(2000);
  });

  it.each([
    ['SHOP_BASE_URL', { SHOP_BASE_URL: 'shop.example.com' }],
    ['SHOP_BASE_URL', { SHOP_BASE_URL: 'shop.example.com:8080/' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: '//links.example.com' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://links.example.com' }],
    ['EVENT_STORE_URL', { EVENT_STORE_URL: 'mysql://db/events' }],
    ['EVENT_STORE_URL', { EVENT_STORE_URL: './data/events.db' }],
    ['EVENT_STORE_URL', { EVENT_STORE_URL: 'sqlite:' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['REDIS_URL', { REDIS_URL: 'http://localhost:6379' }],
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['DUE_TICK_MS', { DUE_TICK_MS: '1m' }],
    ['DUE_TICK_MS', { DUE_TICK_MS: '0' }],
    ['LEASE_TTL_MS', { LEASE_TTL_MS: '5s' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['TRUST_PROXY', { TRUST_PROXY: 'yes' }],
    ['PAYOUT_PROVIDER_TIMEOUT_MS', { PAYOUT_PROVIDER_TIMEOUT_MS: 'soon' }],
    ['PAYPAL_CLIENT_SECRET', { PAYPAL_CLIENT_ID: 'id' }],
    ['PAYPAL_CLIENT_ID', { PAYPAL_CLIENT_SECRET: 'secret' }],
    ['PAYPAL_API_BASE', { PAYPAL_API_BASE: 'ftp://paypal' }],
    ['STRIPE_API_BASE', { STRIPE_API_BASE: 'ftp://x' }],
  ])('refuses a bad %s (%j), naming the variable', (variable, env) => {
    const error = refused(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^configuration: ${variable} `));
  });

  it('never prints a URL password', () => {
    expect(refused({ REDIS_URL: 'http://user:hunter2@redis:6379' }).message).not.toContain(
      'hunter2',
    );
    expect(refused({ EVENT_STORE_URL: 'mysql://user:hunter2@db/events' }).message).not.toContain(
      'hunter2',
    );
  });
});
