import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { exitOnStartupError, startProcess, stopOnSignal } from '@threadtrak/application';
import { createLogger, loggerModule, WiringModule } from '@threadtrak/wiring';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker alone (`npm run start:worker`), for deployments with REDIS_URL and separate api processes. */
const main = async () => {
  const { config, lock } = startProcess();
  const logger = createLogger(config);
  const app = await NestFactory.createApplicationContext(
    {
      module: class WorkerApp {},
      imports: [
        loggerModule(logger),
        WiringModule.forRoot(config, { log: (line) => logger.info(line) }),
        CqrsModule.forRoot(),
        WorkerModule,
      ],
    },
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(Logger));
  await app.init();
  logger.info('ThreadTrak worker running');
  stopOnSignal(async () => {
    await app.close();
    lock?.release();
  });
};

void main().catch(exitOnStartupError);
