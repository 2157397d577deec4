import type { Decider } from '../decider';
import { refuse } from '../refusal';
import {
  DEFAULT_RULES,
  type ProgramEvent,
  type ProgramRules,
  type ProgramRulesChanged,
} from './program-rules';

/** The rules in force and their version (0: never set, the defaults apply). */
export interface ProgramState {
  version: number;
  rules: ProgramRules;
}

export const initialProgram: ProgramState = { version: 0, rules: DEFAULT_RULES };

export const evolveProgram = (state: ProgramState, event: ProgramEvent): ProgramState => {
  const { version, occurredAt: _occurredAt, ...rules } = event.data;
  // Rules recorded before `recurringPayments` existed had its default.
  return {
    version,
    rules: {
      ...rules,
      recurringPayments:
        rules.recurringPayments === undefined
          ? DEFAULT_RULES.recurringPayments
          : rules.recurringPayments,
    },
  };
};

export interface ChangeRules {
  changes: Partial<ProgramRules>;
  now: string;
  /**
   * The version the change was made on (what the admin last read). Given, a change on any other version is
   * refused: two admins editing version 3 at once cannot both win. Absent, the change applies to the rules
   * in force, whatever their version.
   */
  expectedVersion?: number;
}

/** Every change is a new version, even one that changes nothing: the version says which rules decided. */
export const changeRules = (state: ProgramState, command: ChangeRules): ProgramRulesChanged => {
  if (command.expectedVersion !== undefined && command.expectedVersion !== state.version) {
    refuse(
      'concurrent_change',
      `the rules are at version ${state.version}, not ${command.expectedVersion}: read them again and apply your change to them`,
      'conflict',
    );
  }
  const rules: ProgramRules = { ...state.rules };
  for (const [key, value] of Object.entries(command.changes) as [keyof ProgramRules, never][]) {
    if (value !== undefined) rules[key] = value;
  }
  return {
    type: 'ProgramRulesChanged',
    data: { ...rules, version: state.version + 1, occurredAt: command.now },
  };
};

/** The stream `program`: the versions of the program rules. */
export const programDecider: Decider<
  ProgramState,
  { type: 'ChangeRules' } & ChangeRules,
  ProgramEvent
> = {
  initialState: () => initialProgram,
  evolve: evolveProgram,
  decide: (command, state) => [changeRules(state, command)],
};
