import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { exitOnStartupError, startProcess, stopOnSignal } from '@threadtrak/application';
import { WiringModule } from '@threadtrak/wiring';
import { WorkerModule } from './worker.module';

/** The worker alone (`npm run start:worker`), for deployments with REDIS_URL and separate api processes. */
const main = async () => {
  const { config, lock } = startProcess();
  const app = await NestFactory.createApplicationContext(
    {
      module: class WorkerApp {},
      imports: [WiringModule.forRoot(config, { log: (line) => console.log(line) }), WorkerModule],
    },
    { logger: ['error', 'warn'] },
  );
  await app.init();
  console.log('ThreadTrak worker running');
  stopOnSignal(async () => {
    await app.close();
    lock?.release();
  });
};

void main().catch(exitOnStartupError);
