import type { ExpectedRevision } from './event-store';

/** `current` is the revision of the stream's last event, or `undefined` when the stream does not exist. */
export function matchesExpectedRevision(
  expected: ExpectedRevision,
  current: number | undefined,
): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === undefined;
    case 'stream_exists':
      return current !== undefined;
    default:
      return current === expected;
  }
}
