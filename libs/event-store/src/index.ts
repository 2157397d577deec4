/**
 * The event store: the port, its typed refusals, three adapters and `createEventStore(url)`. The
 * EventStoreDB adapter is not re-exported: `createEventStore` loads it only for its URLs.
 *
 * What every adapter guarantees (the contract suite in ../test checks it; docs/event-store.md explains it):
 * - refusals (bad stream name, id, type, size, empty batch) throw typed errors before anything is written;
 * - an append is atomic for its batch and checks the expected revision (WrongExpectedRevisionError);
 * - a batch whose first id is already stored, with the rest matching in order, is a no-op returning the
 *   original result; any other collision with stored ids is a WrongExpectedRevisionError;
 * - positions are > 0, strictly increasing in global order, and a reader never skips a late commit;
 * - reads are lazy and paged; subscriptions catch up in batches then go live, one awaited call at a time.
 */
export * from './event-store';
export * from './errors';
export { eventId } from './event-id';
export { LOG_START, ReplayRequestedError, checkpointAt, checkpointMatches } from './checkpoint';
export { GENESIS_HASH, hashOfRecorded } from './hash-chain';
export { MAX_EVENT_BYTES, validateAppend } from './validation';
export { createEventStore } from './create-event-store';
export { SqliteEventStore, type SqliteEventStoreOptions } from './sqlite/sqlite-event-store';
export {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './postgres/postgres-event-store';
