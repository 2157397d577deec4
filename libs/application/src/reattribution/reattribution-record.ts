import {
  assert,
  completeRecord,
  reattributionRecordDecider,
  streams,
  type RecordReattribution,
  type ReattributionApplied,
  type ReattributionRecord,
  type ReattributionRecordState,
} from '@threadtrak/ledger';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict, type CommandHandler } from '../handle-command';

/**
 * One part per append at the revision the previous left (the first at `no_stream`), each id from (id, part):
 * two applies racing write one record, the loser finding it complete on its second try.
 */
const onRecord: CommandHandler<
  ReattributionRecordState,
  RecordReattribution,
  ReattributionApplied
> = {
  decider: reattributionRecordDecider,
  cause: (event) => `reattribution:${event.data.reattributionId}#${event.data.part ?? 0}`,
  retry: retryOnConflict(2),
  chunk: 1,
};

/** The stream `reattribution-{id}`: the record of an applied re-attribution. */
export class ReattributionRecords {
  constructor(private readonly log: EventLog) {}

  /** The complete record, or null (never applied, or stopped between parts). */
  async read(reattributionId: string): Promise<ReattributionRecord | null> {
    const { state } = await this.log.load(
      streams.reattribution(reattributionId),
      reattributionRecordDecider.initialState(),
      reattributionRecordDecider.evolve,
    );
    return completeRecord(state);
  }

  async write(
    record: ReattributionRecord,
    metadata: { actor: string; correlationId?: string },
  ): Promise<ReattributionRecord> {
    const { state } = await handleCommand(
      this.log,
      onRecord,
      streams.reattribution(record.reattributionId),
      { type: 'RecordReattribution', record },
      metadata,
    );
    const written = completeRecord(state);
    assert(written, `re-attribution ${record.reattributionId} is complete once written`);
    return written;
  }
}
