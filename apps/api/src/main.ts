import 'reflect-metadata';
import {
  closeRuntime,
  createRuntime,
  exitOnStartupError,
  startProcess,
  stopOnSignal,
} from '@threadtrak/application';
import { startWorker } from '../../worker/src/worker';
import { createHttpApp } from './server';

/** `npm start`: api + worker in one process on the embedded defaults. `--api-only` leaves the worker out. */
const main = async () => {
  // First of all: a bad variable or a data folder held by another process stops here, before any lease.
  const { config, lock } = startProcess();
  const runtime = await createRuntime(config, { log: (line) => console.log(line) });
  const worker = process.argv.includes('--api-only') ? null : await startWorker(runtime);
  const app = await createHttpApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  console.log(
    `ThreadTrak listening on http://${config.host}:${config.port} (event store ${config.eventStoreUrl.replace(/\/\/[^@]*@/, '//***@')}${worker ? ', worker in process' : ''})`,
  );
  stopOnSignal(async () => {
    await app.close();
    await worker?.stop();
    await closeRuntime(runtime);
    lock?.release();
  });
};

void main().catch(exitOnStartupError);
