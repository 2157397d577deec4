import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import {
  LeaseHolder,
  LogProcessor,
  type Fence,
  type Lease,
  type Leases,
  type LogConsumer,
} from '@threadtrak/application';
import type { EventStore } from '@threadtrak/event-store';
import { EVENT_STORE, LEASES } from '@threadtrak/wiring';
import { LOG_CONSUMER, LogBatch, type LogEventsHandler } from './consumes-log';

/**
 * Runs every `@ConsumesLog` event handler of the application from the log, each by its own LogProcessor
 * under its own lease (the lease's fencing token fences the processor's checkpoint writes). Without
 * REDIS_URL every lease is granted at once; with it, each consumer runs in one worker at a time.
 *
 * Starts in onApplicationBootstrap: CqrsModule is global, and Nest runs the bootstrap hooks of global
 * modules before the others', so the buses have their handlers when the first batch arrives. Stops before
 * the application shuts down (each processor finishes its batch and writes its checkpoint while the
 * stores are still open), and gives the leases up after (WiringModule closes the lease store).
 */
@Injectable()
export class LogProcessorHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly holders: LeaseHolder[] = [];

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEASES) private readonly leases: Leases,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const consumer of this.consumers()) {
      const lease = this.leases.lease(consumer.name);
      const holder = new LeaseHolder(lease, (token) => this.run(consumer, lease, token), {
        ttlMs: this.leases.ttlMs,
        // The moment each line was said, by this machine's clock: what a reader of several workers' logs
        // orders them by (the order in which their lines reach it is not the order of their acquisitions).
        log: (line) => console.log(`${new Date().toISOString()} ${line}`),
      });
      this.holders.push(holder);
      await holder.begin();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.holders.map((holder) => holder.stop()));
  }

  private async run(consumer: LogConsumer, lease: Lease, token: number) {
    const fence: Fence = { token, holds: async () => (await lease.holder())?.token === token };
    const processor = new LogProcessor({
      store: this.store,
      consumer,
      fence,
      log: (line) => console.warn(line),
    });
    processor.start();
    return processor;
  }

  /** The providers marked `@ConsumesLog`, each as a LogConsumer that hands its batches to `handle`. */
  private consumers(): LogConsumer[] {
    const consumers = new Map<string, LogConsumer>();
    for (const wrapper of this.discovery.getProviders()) {
      const name: unknown = wrapper.metatype && Reflect.getMetadata(LOG_CONSUMER, wrapper.metatype);
      if (typeof name !== 'string') continue;
      const handler = wrapper.instance as LogEventsHandler | undefined;
      if (!handler)
        throw new Error(`log consumer ${name}: a request-scoped provider cannot be one`);
      if (consumers.has(name)) throw new Error(`two log consumers are named ${name}`);
      consumers.set(name, {
        name,
        handle: (events) => handler.handle(new LogBatch(events)),
        start: async (from) => handler.start?.(from),
        checkpoint: (handled) => handler.checkpoint?.(handled) ?? handled,
        stop: async () => handler.stop?.(),
      });
    }
    return [...consumers.values()];
  }
}
