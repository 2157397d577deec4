import type { DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService, registerAs } from '@nestjs/config';
import type { AppConfig } from '@threadtrak/application';

/** The `@nestjs/config` namespace holding the whole AppConfig: `configService.get<AppConfig>('app')`. */
const APP_CONFIG_NAMESPACE = 'app';

/**
 * `@nestjs/config` holding the one AppConfig that `loadConfig` read and checked when the process started
 * (before any lock, lease or port: a bad variable exits 1 naming it). No `.env` file and no raw environment
 * behind `ConfigService`: `loadConfig` is the only reader, so nothing can read a variable it did not check.
 */
export const appConfigModule = (config: AppConfig): Promise<DynamicModule> =>
  ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    skipProcessEnv: true,
    load: [registerAs(APP_CONFIG_NAMESPACE, () => config)],
  });

/** `APP_CONFIG` is the object the ConfigModule holds, not a copy. */
export const appConfigFromConfigModule = (configs: ConfigService): AppConfig =>
  configs.getOrThrow<AppConfig>(APP_CONFIG_NAMESPACE);
