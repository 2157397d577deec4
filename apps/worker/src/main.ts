import {
  closeRuntime,
  createRuntime,
  exitOnStartupError,
  startProcess,
  stopOnSignal,
} from '@threadtrak/application';
import { startWorker } from './worker';

/** The worker alone (`npm run start:worker`), for deployments with REDIS_URL and separate api processes. */
const main = async () => {
  const { config, lock } = startProcess();
  const runtime = await createRuntime(config, { log: (line) => console.log(line) });
  const worker = await startWorker(runtime);
  console.log('ThreadTrak worker running');
  stopOnSignal(async () => {
    await worker.stop();
    await closeRuntime(runtime);
    lock?.release();
  });
};

void main().catch(exitOnStartupError);
