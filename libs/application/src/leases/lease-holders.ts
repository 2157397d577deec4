import { LOG_CONSUMER_NAMES } from '../processing/log-consumer';
import type { LeaseHolding, Leases } from './lease';

/**
 * Who holds each consumer's lease, read from the lease store and never from this process's memory: with
 * REDIS_URL an api process without a worker reports the workers' leases; in one process, its own.
 */
export class LeaseHolders {
  constructor(
    private readonly leases: Pick<Leases, 'lease'>,
    private readonly names: readonly string[] = LOG_CONSUMER_NAMES,
  ) {}

  /** Every lease by name: its holder, or null while nobody holds it. */
  async read(): Promise<Record<string, LeaseHolding | null>> {
    const holders: Record<string, LeaseHolding | null> = {};
    for (const name of this.names) holders[name] = await this.leases.lease(name).holder();
    return holders;
  }
}
