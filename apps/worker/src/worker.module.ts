import {
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { Runtime } from '@threadtrak/application';
import { RUNTIME } from '@threadtrak/wiring';
import { startWorker, type Worker } from './worker';

/** Starts the log's consumers when the application starts; stops them before the stores close. */
class WorkerProcess implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker | null = null;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  async onApplicationBootstrap(): Promise<void> {
    this.worker = await startWorker(this.runtime);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.worker?.stop();
    this.worker = null;
  }
}

/** Everything that consumes the log (docs/architecture.md); imported by the worker and by `npm start`. */
@Module({ providers: [WorkerProcess] })
export class WorkerModule {}
