import type { Provider } from '@nestjs/common';
import { LocalLeases, RedisLeases, type AppConfig, type Leases } from '@threadtrak/application';
import { APP_CONFIG } from '@threadtrak/wiring';

/** This process's leases: shared in Redis with REDIS_URL (several workers), else all granted at once. */
export const LEASES = Symbol('Leases');

export const leasesProvider: Provider = {
  provide: LEASES,
  useFactory: (config: AppConfig): Leases =>
    config.redisUrl
      ? new RedisLeases({
          redis: config.redisUrl,
          prefix: config.redisPrefix,
          ttlMs: config.leaseTtlMs,
        })
      : new LocalLeases(),
  inject: [APP_CONFIG],
};
