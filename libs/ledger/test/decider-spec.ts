import type { Decider } from '../src/decider';
import { Refusal, type RefusalCode, type RefusalKind } from '../src/refusal';

/**
 * What a stream's decision reads beside its own events: facts from other streams (the affiliate, the
 * rules, the order being posted), folded here as the application's Facts reads them, and put into the
 * command the way the production handler does.
 */
export interface Facts<Facts, FactEvent, SpecCommand, Command, State = unknown> {
  isFact: (event: { type: string }) => event is FactEvent & { type: string };
  initial: () => Facts;
  evolve: (facts: Facts, event: FactEvent) => Facts;
  /** Also given the stream's state, as the production handler builds its command from it. */
  complete: (command: SpecCommand, facts: Facts, state: State) => Command;
}

/**
 * given(events).when(command).then(events), after oskardudycz/EventSourcing.NodeJS's DeciderSpecification,
 * run on the production decider. `then` compares exactly, `thenMatches` by subset (`toMatchObject`),
 * `thenThrows` expects a Refusal code.
 */
export const specWithFacts =
  <State, Command, Event, F, FactEvent, SpecCommand>(
    decider: Decider<State, Command, Event>,
    facts: Facts<F, FactEvent, SpecCommand, Command, State>,
  ) =>
  (given: readonly (Event | FactEvent)[] = []) => ({
    when: (command: SpecCommand) => {
      const decide = () => {
        let state = decider.initialState();
        let known = facts.initial();
        for (const event of given) {
          if (facts.isFact(event as { type: string }))
            known = facts.evolve(known, event as FactEvent);
          else state = decider.evolve(state, event as Event);
        }
        return decider.decide(facts.complete(command, known, state), state);
      };
      return {
        then: (expected: Event[]) => expect(decide()).toEqual(expected),
        thenMatches: (expected: object[]) => expect(decide()).toMatchObject(expected),
        thenNothing: () => expect(decide()).toEqual([]),
        thenThrows: (code: RefusalCode, kind?: RefusalKind) => {
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

const NO_FACTS = {
  isFact: (_event: { type: string }): _event is never => false,
  initial: () => null,
  evolve: (facts: null) => facts,
};

/** A stream whose decisions read nothing but its own events. */
export const specFor = <State, Command, Event>(decider: Decider<State, Command, Event>) =>
  specWithFacts(decider, { ...NO_FACTS, complete: (command: Command) => command });

/**
 * A pure decision over facts from many streams that appends nothing itself (attribution): every given event
 * is a fact, and the "events" are what `decide` answers.
 */
export const decisionSpec = <World, FactEvent, SpecCommand, Decision>(
  initial: () => World,
  evolve: (world: World, event: FactEvent) => World,
  decide: (command: SpecCommand, world: World) => Decision[],
) =>
  specWithFacts<null, Decision[], Decision, World, FactEvent, SpecCommand>(
    { initialState: () => null, evolve: (state) => state, decide: (decisions) => decisions },
    {
      isFact: (_event): _event is FactEvent & { type: string } => true,
      initial,
      evolve,
      complete: decide,
    },
  );
