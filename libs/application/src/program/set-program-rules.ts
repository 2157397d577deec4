import { programDecider, streams, type ProgramRules, type ProgramState } from '@threadtrak/ledger';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';

/**
 * Two admins changing the rules at once: the second is a conflict (409), not retried. Each made a change to
 * the rules they were looking at; applying it to rules they have not seen would be a decision nobody made.
 * The cause is the change itself (a fresh id per call), not the version: with the version alone, the
 * second change's event had the first one's id, and the store took it for a retry of the first and
 * answered both 200 with the second change lost.
 */
const onProgramChange = (changeId: string) => ({
  decider: programDecider,
  cause: (event: { data: { version: number } }) => `rules:${event.data.version}:${changeId}`,
  retry: retryOnConflict(0),
});

/**
 * `PUT /v1/admin/rules`: every call appends a new version of the rules. With `expectedVersion` (the version
 * the admin read), a change made on an older version is refused too (409), however long ago it was read.
 */
export class SetProgramRules {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  async execute(
    changes: Partial<ProgramRules>,
    actor: string,
    expectedVersion?: number,
  ): Promise<ProgramState> {
    const now = this.clock.now().toISOString();
    const { state } = await handleCommand(
      this.log,
      onProgramChange(randomUUID()),
      streams.program(),
      {
        type: 'ChangeRules',
        changes,
        now,
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      },
      { actor },
    );
    return state;
  }
}
