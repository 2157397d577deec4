/** Time comes from here, never from Date.now() in the domain: tests move it forward. */
export interface Clock {
  now(): Date;
}

import { readFileSync } from 'node:fs';

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * For end-to-end tests of a separate process: the time is whatever instant the file holds.
 * Selected by `THREADTRAK_CLOCK_FILE` (`AppConfig.clockFile`); never set in production.
 */
class FileClock implements Clock {
  constructor(private readonly path: string) {}
  now(): Date {
    return new Date(readFileSync(this.path, 'utf8').trim());
  }
}

export const configuredClock = ({ clockFile }: { clockFile?: string }): Clock =>
  clockFile ? new FileClock(clockFile) : systemClock;
