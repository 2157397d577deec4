import type { ServiceProcess } from './deployment';

export const LEASES = [
  'ledger-posting',
  'due-scheduler',
  'projections',
  'payout-saga',
  'webhook-deliveries',
];

/** `<ISO time> lease X: acquired|lost|released (token N)`, as the LogProcessorHost says it. */
const LEASE_LINE =
  /^(\d{4}-\d\d-\d\dT[\d:.]+Z) lease (\S+): (acquired|lost|released) \(token (\d+)/;

/** At one instant: a holder that went (killed, released) went before the next took the lease. */
const RANK = { killed: 0, released: 0, acquired: 1, lost: 2 };

/**
 * Reads what every worker said about its leases (`<ISO time> lease X: acquired|lost|released (token N)`)
 * and when each was killed, in the order it happened: who ran what when. Reports any moment when two live
 * workers ran the same consumer, any token that did not grow, and how long each lease stood vacant.
 *
 * Ordered by the time each worker wrote in its line (one machine, one clock), not by when the line
 * reached this process: two workers' pipes are read in no particular order, so a `released` said before
 * the next holder's `acquired` can arrive after it. A worker says `released` before it frees the lease,
 * so the next holder's `acquired` carries the same millisecond or a later one.
 */
export const leaseTimeline = (workers: ServiceProcess[]) => {
  type Entry = {
    at: number;
    worker: number;
    kind: 'acquired' | 'lost' | 'released' | 'killed';
    lease?: string;
    token?: number;
  };
  const entries: Entry[] = [];
  workers.forEach((worker, index) => {
    for (const { text } of worker.lines) {
      const match = LEASE_LINE.exec(text);
      if (!match && /lease \S+: (acquired|lost|released) \(/.test(text))
        throw new Error(`a lease line without the time it was said: ${text}`);
      if (match)
        entries.push({
          at: Date.parse(match[1]!),
          worker: index,
          kind: match[3] as Entry['kind'],
          lease: match[2],
          token: Number(match[4]),
        });
    }
    if (worker.killedAt) entries.push({ at: worker.killedAt, worker: index, kind: 'killed' });
  });
  entries.sort((a, b) => a.at - b.at || RANK[a.kind] - RANK[b.kind]);
  const holders = new Map<string, { worker: number; token: number }>();
  const vacantSince = new Map<string, number>();
  const lastToken = new Map<string, number>();
  const overlaps: string[] = [];
  const takeovers: { lease: string; ms: number; how: string }[] = [];
  const vacatedHow = new Map<string, string>();
  for (const entry of entries) {
    if (entry.kind === 'killed') {
      for (const [lease, holder] of holders) {
        if (holder.worker !== entry.worker) continue;
        holders.delete(lease);
        vacantSince.set(lease, entry.at);
        vacatedHow.set(lease, 'SIGKILL');
      }
      continue;
    }
    const lease = entry.lease!;
    if (entry.kind === 'acquired') {
      const holder = holders.get(lease);
      if (holder)
        overlaps.push(
          `${lease}: worker ${entry.worker} took token ${entry.token} while worker ${holder.worker} ran it with token ${holder.token}`,
        );
      if (entry.token! <= (lastToken.get(lease) ?? 0))
        overlaps.push(`${lease}: token ${entry.token} after ${lastToken.get(lease)}`);
      holders.set(lease, { worker: entry.worker, token: entry.token! });
      lastToken.set(lease, entry.token!);
      if (vacantSince.has(lease))
        takeovers.push({
          lease,
          ms: entry.at - vacantSince.get(lease)!,
          how: vacatedHow.get(lease)!,
        });
      vacantSince.delete(lease);
    } else if (holders.get(lease)?.worker === entry.worker) {
      holders.delete(lease);
      vacantSince.set(lease, entry.at);
      vacatedHow.set(lease, entry.kind === 'released' ? 'SIGTERM' : 'lost');
    }
  }
  return {
    overlaps,
    takeovers,
    holders,
    acquisitions: entries.filter((entry) => entry.kind === 'acquired').length,
  };
};
