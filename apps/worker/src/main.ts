import { closeRuntime, createRuntime, loadConfig, stopOnSignal } from '@threadtrak/application';
import { startWorker } from './worker';

/** The worker alone (`npm run start:worker`), for deployments with REDIS_URL and separate api processes. */
const main = async () => {
  const runtime = await createRuntime(loadConfig(), { log: (line) => console.log(line) });
  const worker = await startWorker(runtime);
  console.log('ThreadTrak worker running');
  stopOnSignal(async () => {
    await worker.stop();
    await closeRuntime(runtime);
  });
};

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
