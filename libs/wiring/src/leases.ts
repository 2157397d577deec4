import { Inject, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import {
  LeaseHolders,
  LocalLeases,
  RedisLeases,
  type AppConfig,
  type Leases,
} from '@threadtrak/application';
import { APP_CONFIG, LEASES } from './tokens';

/**
 * One Leases per process: in Redis with REDIS_URL (several workers take them, any api reads them), else
 * all granted at once in this process. The worker's LogProcessorHost and the api's LeaseHolders share it,
 * so `npm start` reports the leases its own worker holds.
 */
export const leasesProviders: Provider[] = [
  {
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
  },
  {
    provide: LeaseHolders,
    useFactory: (leases: Leases) => new LeaseHolders(leases),
    inject: [LEASES],
  },
];

/** Closes the connection to the lease store after the holders released their leases (before shutdown). */
export class LeasesCloser implements OnApplicationShutdown {
  constructor(@Inject(LEASES) private readonly leases: Leases) {}
  async onApplicationShutdown(): Promise<void> {
    await this.leases.close();
  }
}
