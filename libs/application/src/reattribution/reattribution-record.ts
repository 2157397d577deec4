import { WrongExpectedRevisionError } from '@threadtrak/event-store';
import { streams, type ReattributionApplied, type ReattributionChange } from '@threadtrak/ledger';
import type { EventLog } from '../event-log';

/** Changes per ReattributionApplied part: ~250 bytes each keeps a part far below the 1 MiB event limit. */
export const REATTRIBUTION_PART_SIZE = 1000;

export type ReattributionRecord = Omit<ReattributionApplied['data'], 'part' | 'parts'>;

/**
 * The stream `reattribution-{id}`: written once every order and ledger carries the re-attribution, so a
 * complete record means "applied". Parts are appended in order with their revision as the expected one
 * (the first with `no_stream`), with ids from (id, part): a crash between parts is finished by the next
 * apply, and two applies racing write one record.
 */
export class ReattributionRecords {
  constructor(private readonly log: EventLog) {}

  /** The complete record, or null (never applied, or stopped between parts). */
  async read(reattributionId: string): Promise<ReattributionRecord | null> {
    const { record } = await this.readParts(reattributionId);
    return record;
  }

  async write(
    record: ReattributionRecord,
    metadata: { actor: string; correlationId?: string },
  ): Promise<ReattributionRecord> {
    const parts = Math.max(1, Math.ceil(record.changes.length / REATTRIBUTION_PART_SIZE));
    for (let attempt = 1; ; attempt++) {
      const stored = await this.readParts(record.reattributionId);
      if (stored.record) return stored.record;
      try {
        for (let part = stored.count; part < parts; part++) {
          const event: ReattributionApplied = {
            type: 'ReattributionApplied',
            data: {
              ...record,
              changes: record.changes.slice(
                part * REATTRIBUTION_PART_SIZE,
                (part + 1) * REATTRIBUTION_PART_SIZE,
              ),
              part,
              parts,
            },
          };
          await this.log.append(
            streams.reattribution(record.reattributionId),
            [{ event, cause: `reattribution:${record.reattributionId}#${part}` }],
            part === 0 ? 'no_stream' : part - 1,
            metadata,
          );
        }
        return record;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= 3) throw error;
      }
    }
  }

  private async readParts(
    reattributionId: string,
  ): Promise<{ record: ReattributionRecord | null; count: number }> {
    let first: ReattributionApplied['data'] | null = null;
    const changes: ReattributionChange[] = [];
    let count = 0;
    for await (const event of this.log.store.readStream(streams.reattribution(reattributionId))) {
      if (event.type !== 'ReattributionApplied') continue;
      const data = event.data as ReattributionApplied['data'];
      first ??= data;
      changes.push(...data.changes);
      count++;
    }
    if (!first || count < (first.parts ?? 1)) return { record: null, count };
    const { part: _part, parts: _parts, ...record } = first;
    return { record: { ...record, changes }, count };
  }
}
