import { WrongExpectedRevisionError, type EventMetadata } from '@threadtrak/event-store';
import type { Decider, LedgerEvent } from '@threadtrak/ledger';
import type { EventLog } from './event-log';

/** How often a command is decided again when another writer appended to its stream first. */
export interface RetryPolicy {
  /** Decisions in all, the first included. */
  readonly attempts: number;
}

/** The first decision, then `retries` more on fresh state; after the last, the conflict surfaces (409). */
export const retryOnConflict = (retries: number): RetryPolicy => ({ attempts: 1 + retries });

/** A decider bound to how its events are stored: what each event's id derives from, and the retry policy. */
export interface CommandHandler<State, Command, Event extends LedgerEvent> {
  decider: Decider<State, Command, Event>;
  /** Unique per cause: the same cause can never be appended twice (the event id derives from it). */
  cause: (event: Event) => string;
  retry: RetryPolicy;
  /**
   * Events per append, for decisions that can outgrow one write (a re-attribution's ledger entries). Each
   * chunk is appended at the revision the previous left; a conflict between chunks decides again on the
   * fresh state, which already holds the earlier chunks.
   */
  chunk?: number;
}

export interface Handled<State, Event> {
  /** The stream's state after the events appended (a decider's evolve may have updated it in place). */
  state: State;
  /** What was appended; empty when the decision was to do nothing. */
  events: Event[];
}

/**
 * emmett's handleCommand: read the stream, fold it with `evolve`, `decide`, append at the revision read.
 * The command may be built from the stream's state (facts read only when the state calls for them); it is
 * built again on every retry.
 */
export const handleCommand = async <State, Command, Event extends LedgerEvent>(
  log: EventLog,
  handler: CommandHandler<State, Command, Event>,
  streamName: string,
  command: Command | ((state: State) => Command | Promise<Command>),
  metadata: EventMetadata,
): Promise<Handled<State, Event>> => {
  const { decider, cause, retry, chunk = Number.POSITIVE_INFINITY } = handler;
  for (let attempt = 1; ; attempt++) {
    const { state, revision } = await log.load(streamName, decider.initialState(), decider.evolve);
    const built =
      typeof command === 'function'
        ? await (command as (state: State) => Command | Promise<Command>)(state)
        : command;
    const events = decider.decide(built, state);
    if (events.length === 0) return { state, events };
    try {
      let expected = revision;
      for (let start = 0; start < events.length; start += chunk) {
        const pending = events.slice(start, start + chunk).map((event) => ({
          event,
          cause: cause(event),
        }));
        ({ nextExpectedRevision: expected } = await log.append(
          streamName,
          pending,
          expected,
          metadata,
        ));
      }
      return { state: events.reduce(decider.evolve, state), events };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= retry.attempts) throw error;
    }
  }
};
