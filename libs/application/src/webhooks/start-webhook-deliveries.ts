import type { LogCheckpoints } from '../checkpoints';
import type { Runtime } from '../runtime';
import { httpSender } from './http-sender';
import { webhookSecretBox } from './secret-box';
import { DEFAULT_RETRY_SCHEDULE } from './backoff';
import { WebhookDispatcher } from './webhook-dispatcher';

/** The worker's webhook consumer, configured from the runtime (WEBHOOK_* variables). */
export const startWebhookDeliveries = async (
  runtime: Runtime,
  checkpoints: LogCheckpoints,
  log?: (line: string) => void,
): Promise<WebhookDispatcher> => {
  const { backoffBaseMs, timeoutMs, concurrency } = runtime.config.webhooks;
  const dispatcher = new WebhookDispatcher({
    store: runtime.store,
    checkpoints,
    clock: runtime.clock,
    box: webhookSecretBox(runtime.config),
    send: httpSender(timeoutMs),
    schedule: {
      ...DEFAULT_RETRY_SCHEDULE,
      baseMs: backoffBaseMs,
      maxMs: Math.max(backoffBaseMs, DEFAULT_RETRY_SCHEDULE.maxMs),
    },
    concurrency,
    log,
  });
  await dispatcher.start();
  return dispatcher;
};
