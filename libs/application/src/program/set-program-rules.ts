import {
  changeRules,
  evolveProgram,
  initialProgram,
  streams,
  type ProgramEvent,
  type ProgramRules,
  type ProgramState,
} from '@threadtrak/ledger';
import type { Clock } from '../clock';
import type { EventLog } from '../event-log';

/** `PUT /v1/admin/rules`: every call appends a new version of the rules. */
export class SetProgramRules {
  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
  ) {}

  execute(changes: Partial<ProgramRules>, actor: string): Promise<ProgramState> {
    const now = this.clock.now().toISOString();
    return this.log.decide<ProgramState, ProgramEvent, ProgramState>(
      streams.program(),
      () => initialProgram,
      evolveProgram,
      (state) => {
        const event = changeRules(state, { changes, now });
        return {
          events: [{ event, cause: `rules:${event.data.version}` }],
          result: evolveProgram(state, event),
        };
      },
      { actor },
    );
  }
}
