import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  type JSONType,
  MaxAppendSizeExceededError,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
} from '@eventstore/db-client';
import { validateCheckpoint } from '../checkpoint';
import { EventStoreError, EventTooLargeError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  Checkpoint,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionHandler,
} from '../event-store';
import {
  validateAppend,
  validateBatchSize,
  validateReadAll,
  validateReadStream,
} from '../validation';
import {
  CHECKPOINT_STREAM_PREFIX,
  isUserEvent,
  resumeAfter,
  toEsdbExpectedRevision,
  toRecordedEvent,
} from './esdb-mapping';
import { startEsdbSubscription } from './esdb-subscription';

const idStream = (eventId: string): string => `tt-event-id-${eventId}`;

/**
 * Event store on EventStoreDB / KurrentDB (`@eventstore/db-client` v6).
 * Optimistic concurrency and idempotent retries are the server's own: it
 * recognises a batch whose event ids it already stored and answers as for the
 * first write. (With `any` the server's check is best effort; see docs.)
 * Reads of $all leave out system streams and events (`$…`).
 */
export class EsdbEventStore implements EventStore {
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(private readonly client: EventStoreDBClient) {}

  /** Accepts `esdb://`, `esdb+discover://` and the `kurrentdb…` spellings of both. */
  static connect(connectionString: string): EsdbEventStore {
    return new EsdbEventStore(
      EventStoreDBClient.connectionString(connectionString.replace(/^kurrentdb/, 'esdb')),
    );
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.assertOpen();
    const valid = validateAppend(streamName, events, options?.expectedRevision);
    const toWrite = valid.events.map((event) =>
      jsonEvent({
        id: event.id,
        type: event.type,
        data: JSON.parse(event.data) as JSONType,
        metadata: JSON.parse(event.metadata) as JSONType,
      }),
    );
    try {
      const result = await this.client.appendToStream(streamName, toWrite, {
        expectedRevision: toEsdbExpectedRevision(valid.expectedRevision),
      });
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      await this.indexIds(
        streamName,
        valid.events.map((event) => event.id),
        nextExpectedRevision,
      );
      // For one event the reply's position is that event's. For a batch, servers
      // have answered with the position of the write as a whole, so ask for the
      // last event's own (a read of one event).
      const reported = result.position ? Number(result.position.commit) : 0;
      const position =
        toWrite.length === 1 && reported > 0
          ? reported
          : (await this.positionOf(streamName, nextExpectedRevision)) || reported;
      return { nextExpectedRevision, position };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual =
          typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : 'no_stream';
        throw new WrongExpectedRevisionError(streamName, valid.expectedRevision, actual);
      }
      if (error instanceof MaxAppendSizeExceededError) {
        const size = valid.events.reduce(
          (sum, e) => sum + Buffer.byteLength(e.data) + Buffer.byteLength(e.metadata),
          0,
        );
        throw new EventTooLargeError(size, error.maxAppendSize);
      }
      throw error;
    }
  }

  async *readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent> {
    const { direction, fromRevision, maxCount } = validateReadStream(streamName, options);
    this.assertOpen();
    if (maxCount === 0) return;
    const reads = this.client.readStream(streamName, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: fromRevision === Number.MAX_SAFE_INTEGER ? END : BigInt(fromRevision),
      maxCount: BigInt(maxCount),
    });
    try {
      for await (const resolved of reads) {
        if (resolved.event) yield toRecordedEvent(resolved);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw error;
    }
  }

  /** Follows the id's link stream (see `indexIds`) to the event itself. */
  async readEvent(eventId: string): Promise<RecordedEvent | null> {
    this.assertOpen();
    const reads = this.client.readStream(idStream(eventId), {
      direction: FORWARDS,
      fromRevision: START,
      maxCount: 1n,
      resolveLinkTos: true,
    });
    try {
      for await (const resolved of reads)
        return resolved.event && resolved.link ? toRecordedEvent({ event: resolved.event }) : null;
    } catch (error) {
      if (error instanceof StreamNotFoundError) return null;
      throw error;
    }
    return null;
  }

  /** The v6 client has no server-side filter for reads of $all, so system events are dropped here. */
  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    const { after, maxCount } = validateReadAll(options);
    this.assertOpen();
    if (maxCount === 0) return;
    let count = 0;
    for await (const resolved of this.client.readAll({
      fromPosition: resumeAfter(after),
      direction: FORWARDS,
    })) {
      if (!isUserEvent(resolved)) continue;
      const event = toRecordedEvent(resolved);
      if (event.position <= after) continue;
      yield event;
      if (++count >= maxCount) return;
    }
  }

  subscribeToAll(handler: SubscriptionHandler, options?: SubscribeOptions): Subscription {
    this.assertOpen();
    const { after } = validateReadAll({ after: options?.after });
    const subscription = startEsdbSubscription(this.client, handler, {
      after,
      batchSize: validateBatchSize(options?.batchSize),
      onEnd: (ended) => this.subscriptions.delete(ended),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    for await (const resolved of this.client.readAll({ fromPosition: END, direction: BACKWARDS })) {
      if (isUserEvent(resolved)) return toRecordedEvent(resolved).position;
    }
    return 0;
  }

  /** The last event of the consumer's checkpoint stream. */
  async readCheckpoint(consumer: string): Promise<Checkpoint | null> {
    validateCheckpoint(consumer);
    for await (const event of this.readStream(CHECKPOINT_STREAM_PREFIX + consumer, {
      direction: 'backwards',
      maxCount: 1,
    })) {
      const data = event.data as Partial<Checkpoint>;
      if (typeof data.position !== 'number' || typeof data.eventId !== 'string') return null;
      return typeof data.hash === 'string'
        ? { position: data.position, eventId: data.eventId, hash: data.hash }
        : { position: data.position, eventId: data.eventId };
    }
    return null;
  }

  /** One event on the consumer's checkpoint stream, which keeps only its last event (`$maxCount` 1). */
  async writeCheckpoint(consumer: string, checkpoint: Checkpoint): Promise<void> {
    validateCheckpoint(consumer, checkpoint);
    this.assertOpen();
    const stream = CHECKPOINT_STREAM_PREFIX + consumer;
    const data = {
      position: checkpoint.position,
      eventId: checkpoint.eventId,
      ...(checkpoint.hash ? { hash: checkpoint.hash } : {}),
    };
    const result = await this.client.appendToStream(
      stream,
      jsonEvent({ type: 'ConsumerCheckpoint', data }),
    );
    if (result.nextExpectedRevision === 0n)
      await this.client.setStreamMetadata(stream, { maxCount: 1 });
  }

  /**
   * Reads $all from the position itself (inclusive). A position that is no event boundary of this log (a
   * checkpoint from another log) is refused by the server or reads another event: either way, null.
   */
  async eventAtPosition(position: number): Promise<RecordedEvent | null> {
    this.assertOpen();
    if (!Number.isSafeInteger(position) || position <= 0) return null;
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: resumeAfter(position),
        direction: FORWARDS,
        maxCount: 1n,
      })) {
        if (!isUserEvent(resolved)) return null;
        const event = toRecordedEvent(resolved);
        return event.position === position ? event : null;
      }
      return null;
    } catch (error) {
      if (/position/i.test(error instanceof Error ? error.message : String(error))) return null;
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /**
   * EventStoreDB indexes streams, not event ids: each appended event also gets a link (`$>`, the
   * server's own pointer type) in the stream `tt-event-id-{id}`, so `readEvent` is one stream read.
   * A link is written after its event and carries the event's own id, so an append retried after a crash
   * between the two writes adds the missing link and never a second one. Reads of $all skip link
   * events (`isUserEvent`), so consumers never see them.
   */
  private async indexIds(
    streamName: string,
    ids: readonly string[],
    lastRevision: number,
  ): Promise<void> {
    const first = lastRevision - ids.length + 1;
    await Promise.all(
      ids.map((id, i) =>
        this.client.appendToStream(
          idStream(id),
          binaryEvent({ id, type: '$>', data: Buffer.from(`${first + i}@${streamName}`) }),
          {
            expectedRevision: ANY,
          },
        ),
      ),
    );
  }

  /** 0 when unknown: servers before 22.6 leave positions out of stream reads. */
  private async positionOf(streamName: string, revision: number): Promise<number> {
    for await (const event of this.readStream(streamName, {
      fromRevision: revision,
      maxCount: 1,
    })) {
      return event.position;
    }
    return 0;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreError('closed', 'the event store is closed');
  }
}
