import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  createEventStore,
  SqliteEventStore,
  WrongExpectedRevisionError,
  type RecordedEvent,
} from '../src';
import { collect, someEvents, waitFor } from './contract-helpers';

const dir = mkdtempSync(join(tmpdir(), 'threadtrak-es-group-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite group commit', () => {
  it('appends of one turn share a transaction, yet a conflict fails only its own append', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'group.db') });
    await store.appendToStream('shared', someEvents(1));
    const appends = Array.from({ length: 50 }, (_, i) =>
      i % 10 === 0
        ? store.appendToStream('shared', someEvents(1), { expectedRevision: 0 })
        : store.appendToStream(`own-${i}`, someEvents(2), { expectedRevision: 'no_stream' }),
    );
    const outcomes = await Promise.allSettled(appends);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');

    expect(rejected).toHaveLength(4); // 5 writers expected revision 0 on 'shared'; the first wins
    for (const { reason } of rejected) expect(reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(await collect(store.readStream('shared'))).toHaveLength(2);
    expect(await collect(store.readAll())).toHaveLength(2 + 45 * 2);
    await store.close();
  });

  it('a second process on the same file sees commits through polling', async () => {
    const path = join(dir, 'shared.db');
    const first = new SqliteEventStore({ path, pollIntervalMs: 20 });
    const second = new SqliteEventStore({ path, pollIntervalMs: 20 });
    const seen: RecordedEvent[] = [];
    const subscription = first.subscribeToAll(async (batch) => void seen.push(...batch));

    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? first : second).appendToStream(`process-${i % 2}`, someEvents(3)),
      ),
    );
    await waitFor(() => seen.length === 60, 5000, 'events of both processes');
    await subscription.stop();

    expect(seen.map((e) => e.position)).toEqual(
      (await collect(second.readAll())).map((e) => e.position),
    );
    await first.close();
    await second.close();
  });
});

describe('createEventStore', () => {
  it('opens SQLite from a relative path, creating the folder', async () => {
    const path = join(dir, 'nested', 'deeper', 'events.db');
    const store = await createEventStore(`sqlite:${relative(process.cwd(), path)}`);
    await store.appendToStream('s', someEvents(1));
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it('opens SQLite in memory and from an absolute path', async () => {
    for (const url of ['sqlite::memory:', `sqlite:${join(dir, 'abs.db')}`]) {
      const store = await createEventStore(url);
      expect(await store.headPosition()).toBe(0);
      await store.close();
    }
  });

  it('refuses an unknown scheme without echoing credentials', async () => {
    await expect(createEventStore('mysql://user:secret@host/db')).rejects.toThrow(
      /unsupported event store URL "mysql:\/\/\*\*\*@host\/db"/,
    );
  });
});
