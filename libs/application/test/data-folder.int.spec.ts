import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@threadtrak/event-store';
import { claimDataFolder, DataFolderInUseError } from '../src/data-folder';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('the embedded deployment owns its data folder', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'threadtrak-folder-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a second claim on a held folder is refused, naming the holder pid; after release the folder can be claimed again', () => {
    const dir = join(root, 'data');
    const held = claimDataFolder(dir);
    let refusal: unknown;
    try {
      claimDataFolder(dir);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataFolderInUseError);
    expect((refusal as DataFolderInUseError).holderPid).toBe(process.pid);
    expect((refusal as Error).message).toContain(`pid ${process.pid}`);
    held.release();
    claimDataFolder(dir).release();
  });

  it('the folder is 0700 and its files 0600, those made before (a world-readable events.db) included', async () => {
    const dir = join(root, 'data');
    const store = new SqliteEventStore({ path: join(dir, 'events.db') });
    await store.appendToStream('s-1', [
      { id: '6f1c1d2e-1111-4c4c-8d8d-000000000001', type: 'Happened', data: {} },
    ]);
    expect(mode(dir)).toBe(0o700);
    for (const file of ['events.db', 'events.db-wal', 'events.db-shm'])
      expect([file, mode(join(dir, file))]).toEqual([file, 0o600]);
    await store.close();
    writeFileSync(join(dir, 'admin-token'), 'x', { mode: 0o644 });
    chmodSync(join(dir, 'events.db'), 0o644);
    const lock = claimDataFolder(dir);
    for (const file of ['events.db', 'admin-token', 'lock', 'lock.pid'])
      expect([file, mode(join(dir, file))]).toEqual([file, 0o600]);
    lock.release();
  });
});
