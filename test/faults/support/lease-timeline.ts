import type { ServiceProcess } from './deployment';

export const LEASES = [
  'ledger-posting',
  'due-scheduler',
  'projections',
  'payout-saga',
  'webhook-deliveries',
];

/**
 * Reads what every worker said about its leases (`lease X: acquired|lost|released (token N)`) and when
 * each was killed, in the order it happened: who ran what when. Reports any moment when two live workers
 * ran the same consumer, any token that did not grow, and how long each lease stood vacant.
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
    for (const { at, text } of worker.lines) {
      const match = /lease (\S+): (acquired|lost|released) \(token (\d+)/.exec(text);
      if (match)
        entries.push({
          at,
          worker: index,
          kind: match[2] as Entry['kind'],
          lease: match[1],
          token: Number(match[3]),
        });
    }
    if (worker.killedAt) entries.push({ at: worker.killedAt, worker: index, kind: 'killed' });
  });
  entries.sort((a, b) => a.at - b.at);
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
