import { programDecider, streams, type ProgramRules, type ProgramState } from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';
import { handleCommand, retryOnConflict } from '../handle-command';

/** Two admins changing the rules at once: the second change becomes the next version, once retried. */
const onProgram = {
  decider: programDecider,
  cause: (event: { data: { version: number } }) => `rules:${event.data.version}`,
  retry: retryOnConflict(1),
};

/** `PUT /v1/admin/rules`: every call appends a new version of the rules. */
export class SetProgramRules {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  async execute(changes: Partial<ProgramRules>, actor: string): Promise<ProgramState> {
    const now = this.clock.now().toISOString();
    const { state } = await handleCommand(
      this.log,
      onProgram,
      streams.program(),
      { type: 'ChangeRules', changes, now },
      { actor },
    );
    return state;
  }
}
