import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { loadConfig, type AppConfig } from '@threadtrak/application';
import { WiringModule } from '@threadtrak/wiring';
import { AuditHandler } from '../../api/src/admin/audit.query';
import { ReattributeHandler } from '../../api/src/admin/reattribute.command';
import { HeadPositionHandler } from '../../api/src/health/head-position.query';

/**
 * The cli's application: the api's wiring and the api's handlers for what the cli does, with no HTTP. A
 * command of the cli is the api's command, dispatched on the same buses to the same handler.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        WiringModule.forRoot(config, { log: (line) => process.stderr.write(`${line}\n`) }),
        CqrsModule.forRoot(),
      ],
      providers: [ReattributeHandler, AuditHandler, HeadPositionHandler],
    };
  }
}

/**
 * Boots the cli's application on the configuration of the environment, runs `work` in it, and closes it
 * (stores included) whatever happens. Nest's own lines would mix with the report on stdout: only errors
 * are logged, to stderr.
 */
export const inCli = async <T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> => {
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(loadConfig()), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    await app.init();
    return await work(app);
  } finally {
    await app.close();
  }
};
