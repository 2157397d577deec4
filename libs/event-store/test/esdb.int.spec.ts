import { EsdbEventStore } from '../src/esdb/esdb-event-store';
import { describeEventStoreContract } from './event-store.contract';

const url = process.env.EVENTSTORE_URL;

if (url) {
  describeEventStoreContract('EventStoreDB', async () => ({ store: EsdbEventStore.connect(url) }), {
    largeStreamSize: Number(process.env.EVENTSTORE_LARGE_STREAM_SIZE ?? 100_000),
  });
} else {
  const notice = '### SKIPPED: EventStoreDB contract suite — set EVENTSTORE_URL=esdb://… to run it';
  console.warn(notice);
  // Jest drops console output of a file whose tests are all skipped when it runs several files: say it on stderr too.
  process.stderr.write(`\n${notice}\n\n`);
  describe.skip('EventStore contract: EventStoreDB (set EVENTSTORE_URL=esdb://… to run it)', () => {
    it('needs a running EventStoreDB', () => undefined);
  });
}
