/** Typed refusals of the event store. `code` is stable and safe to show. */
export class EventStoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Optimistic concurrency: somebody else appended first. */
export class WrongExpectedRevisionError extends EventStoreError {
  constructor(
    readonly streamName: string,
    readonly expected: string | number,
    readonly actual: number | 'no_stream',
  ) {
    super(
      'wrong_expected_revision',
      `stream ${streamName}: expected revision ${expected}, actual ${actual}`,
    );
  }
}

export class InvalidStreamNameError extends EventStoreError {
  constructor(streamName: string) {
    super(
      'invalid_stream_name',
      `invalid stream name ${JSON.stringify(String(streamName).slice(0, 80))}`,
    );
  }
}

export class EventTooLargeError extends EventStoreError {
  constructor(size: number, limit: number) {
    super('event_too_large', `event of ${size} bytes exceeds the limit of ${limit} bytes`);
  }
}

export class InvalidEventError extends EventStoreError {
  constructor(reason: string) {
    super('invalid_event', reason);
  }
}
