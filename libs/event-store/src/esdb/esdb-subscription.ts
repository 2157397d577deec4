import {
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  excludeSystemEvents,
} from '@eventstore/db-client';
import type { RecordedEvent, Subscription, SubscriptionHandler } from '../event-store';
import { ChangeFeed, subscriptionOf } from '../polling-subscription';
import { isUserEvent, resumeAfter, toRecordedEvent } from './esdb-mapping';

class HandlerFailed {
  constructor(readonly error: unknown) {}
}

/**
 * A catch-up subscription to $all that hands over batches and survives drops.
 * The server pushes events into the client's Readable; we pull what is
 * buffered (up to `batchSize`) and await the handler before pulling more, so
 * backpressure reaches the server. After a drop we subscribe again from the
 * last position the handler finished, with a backoff; events buffered but not
 * handed over are simply read again.
 */
export function startEsdbSubscription(
  client: EventStoreDBClient,
  handler: SubscriptionHandler,
  options: { after: number; batchSize: number; onEnd?: (subscription: Subscription) => void },
): Subscription {
  const stopping = new AbortController();
  const wakeup = new ChangeFeed();
  stopping.signal.addEventListener('abort', () => wakeup.notify(), { once: true });
  let after = options.after;

  const consume = async (source: AllStreamSubscription): Promise<void> => {
    let failure: Error | undefined;
    let ended = false;
    source.on('readable', () => wakeup.notify());
    source.on('error', (error: Error) => {
      failure = error;
      wakeup.notify();
    });
    const onEnd = () => {
      ended = true;
      wakeup.notify();
    };
    source.on('end', onEnd);
    source.on('close', onEnd);
    while (!stopping.signal.aborted) {
      const seen = wakeup.version;
      const batch: RecordedEvent[] = [];
      let resolved: AllStreamResolvedEvent | null;
      while (
        batch.length < options.batchSize &&
        (resolved = source.read() as AllStreamResolvedEvent | null) !== null
      ) {
        if (!isUserEvent(resolved)) continue;
        const event = toRecordedEvent(resolved);
        if (event.position > after) batch.push(event);
      }
      if (batch.length > 0) {
        try {
          await handler(batch);
        } catch (error) {
          throw new HandlerFailed(error);
        }
        after = batch[batch.length - 1].position;
        backoffMs = 100;
        continue;
      }
      if (failure) throw failure;
      if (ended) throw new Error('subscription closed by the server');
      await wakeup.wait(seen, 60_000, stopping.signal);
    }
  };

  let backoffMs = 100;
  const run = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      const source = client.subscribeToAll({
        fromPosition: resumeAfter(after),
        filter: excludeSystemEvents(),
      });
      try {
        await consume(source);
      } catch (error) {
        if (error instanceof HandlerFailed) throw error.error;
        // Dropped (server restart, network, leader change): resume from the checkpoint.
      } finally {
        await source.unsubscribe().catch(() => undefined);
      }
      if (stopping.signal.aborted) return;
      await wakeup.wait(wakeup.version, backoffMs, stopping.signal);
      backoffMs = Math.min(backoffMs * 2, 5000);
    }
  };

  return subscriptionOf(run(), stopping, options.onEnd);
}
