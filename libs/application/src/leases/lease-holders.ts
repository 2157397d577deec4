import type { LeaseHolding, Leases } from './lease';

/** The leases the worker takes: one per log consumer (`@ConsumesLog` names). */
export const LEASE_NAMES: readonly string[] = [
  'ledger-posting',
  'due-scheduler',
  'projections',
  'payout-saga',
  'webhook-deliveries',
];

/**
 * Who holds each consumer's lease, read from the lease store and never from this process's memory: with
 * REDIS_URL an api process without a worker reports the workers' leases; in one process, its own.
 */
export class LeaseHolders {
  constructor(
    private readonly leases: Pick<Leases, 'lease'>,
    private readonly names: readonly string[] = LEASE_NAMES,
  ) {}

  /** Every lease by name: its holder, or null while nobody holds it. */
  async read(): Promise<Record<string, LeaseHolding | null>> {
    const holders: Record<string, LeaseHolding | null> = {};
    for (const name of this.names) holders[name] = await this.leases.lease(name).holder();
    return holders;
  }
}
