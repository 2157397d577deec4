import { Refusal } from '../src/refusal';

/** What a spec needs of an aggregate: its initial state, how events fold into it, and the decision. */
export interface Decider<State, Command, Event, Given = Event> {
  initialState: () => State;
  evolve: (state: State, event: Given) => State;
  decide: (command: Command, state: State) => Event[];
}

/**
 * given(events).when(command).then(events), after oskardudycz/EventSourcing.NodeJS's DeciderSpecification.
 * `then` compares exactly, `thenMatches` by subset (`toMatchObject`), `thenThrows` expects a Refusal code.
 */
export const specFor =
  <State, Command, Event, Given>(decider: Decider<State, Command, Event, Given>) =>
  (given: readonly Given[] = []) => ({
    when: (command: Command) => {
      const decide = () =>
        decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then: (expected: Event[]) => expect(decide()).toEqual(expected),
        thenMatches: (expected: object[]) => expect(decide()).toMatchObject(expected),
        thenNothing: () => expect(decide()).toEqual([]),
        thenThrows: (code: string, kind?: Refusal['kind']) => {
          let thrown: unknown;
          try {
            decide();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(Refusal);
          expect((thrown as Refusal).code).toBe(code);
          if (kind) expect((thrown as Refusal).kind).toBe(kind);
        },
        /** The events, for a property or a follow-up step. */
        events: decide,
      };
    },
  });
