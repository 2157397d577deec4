import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src';
import { describeEventStoreContract } from './event-store.contract';

const dir = mkdtempSync(join(tmpdir(), 'threadtrak-es-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEventStoreContract('SQLite (file, WAL)', async () => {
  const store = new SqliteEventStore({ path: join(dir, 'contract', 'events.db') });
  return { store, fetchedRows: () => store.fetchedRows };
});
