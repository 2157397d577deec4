import type { EventStore } from '@threadtrak/event-store';
import type { AppConfig } from '../config';
import type { Clock } from '../clock';
import { httpSender } from './http-sender';
import { webhookSecretBox } from './secret-box';
import { DEFAULT_RETRY_SCHEDULE } from './backoff';
import { WebhookDispatcher } from './webhook-dispatcher';

/** The worker's webhook consumer, configured from the WEBHOOK_* variables. */
export const webhookDeliveries = (
  config: AppConfig,
  store: EventStore,
  clock: Clock,
  log?: (line: string) => void,
): WebhookDispatcher => {
  const { backoffBaseMs, timeoutMs, concurrency } = config.webhooks;
  return new WebhookDispatcher({
    store,
    clock,
    box: webhookSecretBox(config),
    send: httpSender(timeoutMs),
    schedule: {
      ...DEFAULT_RETRY_SCHEDULE,
      baseMs: backoffBaseMs,
      maxMs: Math.max(backoffBaseMs, DEFAULT_RETRY_SCHEDULE.maxMs),
    },
    concurrency,
    log,
  });
};
