/**
 * One stream's business rules, in emmett's shape: the state a stream's events fold into, and the decision
 * a command takes on that state. Pure: time and ids arrive in the command. A refusal is a thrown Refusal;
 * nothing to do is an empty list.
 */
export interface Decider<State, Command, Event> {
  initialState: () => State;
  evolve: (state: State, event: Event) => State;
  decide: (command: Command, state: State) => Event[];
}

/** A broken invariant: the code is wrong, not the caller (a 500, never a refusal). */
class InvariantViolation extends Error {
  constructor(invariant: string) {
    super(`invariant violated: ${invariant}`);
    this.name = 'InvariantViolation';
  }
}

/** Names what must hold where a `!` would only hope it does. */
export function assert(condition: unknown, invariant: string): asserts condition {
  if (!condition) throw new InvariantViolation(invariant);
}
