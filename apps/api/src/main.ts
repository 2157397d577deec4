import 'reflect-metadata';
import { closeRuntime, createRuntime, loadConfig, stopOnSignal } from '@threadtrak/application';
import { startWorker } from '../../worker/src/worker';
import { createHttpApp } from './server';

/** `npm start`: api + worker in one process on the embedded defaults. `--api-only` leaves the worker out. */
const main = async () => {
  const config = loadConfig();
  const runtime = await createRuntime(config, { log: (line) => console.log(line) });
  const worker = process.argv.includes('--api-only') ? null : await startWorker(runtime);
  const app = await createHttpApp(runtime);
  await app.listen({ port: config.port, host: config.host });
  console.log(`ThreadTrak listening on http://${config.host}:${config.port} (event store ${config.eventStoreUrl.replace(/\/\/[^@]*@/, '//***@')}${worker ? ', worker in process' : ''})`);
  stopOnSignal(async () => {
    await app.close();
    await worker?.stop();
    await closeRuntime(runtime);
  });
};

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
