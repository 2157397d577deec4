import { Inject } from '@nestjs/common';
import { DueSchedule, DueScheduler, type AppConfig } from '@threadtrak/application';
import type { Checkpoint, EventStore } from '@threadtrak/event-store';
import { APP_CONFIG, EVENT_STORE } from '@threadtrak/wiring';
import { ConsumesLog, type LogBatch, type LogEventsHandler } from '../processing/consumes-log';

/** Makes commissions due when their hold ends (DueSchedule): every DUE_TICK_MS, once caught up. */
@ConsumesLog('due-scheduler')
export class DueSchedulerHandler implements LogEventsHandler {
  private readonly schedule: DueSchedule;

  constructor(
    scheduler: DueScheduler,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.schedule = new DueSchedule(scheduler, store, config.dueTickMs);
  }

  start(): Promise<Checkpoint> {
    return this.schedule.start();
  }

  handle({ events }: LogBatch): Promise<void> {
    return this.schedule.handle(events);
  }

  stop(): Promise<void> {
    return this.schedule.stop();
  }
}
