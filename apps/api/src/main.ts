import 'reflect-metadata';
import { exitOnStartupError, startProcess, stopOnSignal } from '@threadtrak/application';
import { createLogger } from '@threadtrak/wiring';
import { createHttpApp } from './server';

/** `npm start`: api + worker in one process on the embedded defaults. `--api-only` leaves the worker out. */
const main = async () => {
  // First of all: a bad variable or a data folder held by another process stops here, before any lease.
  const { config, lock } = startProcess();
  const logger = createLogger(config);
  const worker = !process.argv.includes('--api-only');
  const app = await createHttpApp(config, { worker, logger, log: (line) => logger.info(line) });
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    `ThreadTrak listening on http://${config.host}:${config.port} (event store ${config.eventStoreUrl.replace(/\/\/[^@]*@/, '//***@')}${worker ? ', worker in process' : ''})`,
  );
  stopOnSignal(async () => {
    await app.close();
    lock?.release();
  });
};

void main().catch(exitOnStartupError);
