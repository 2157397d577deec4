import Database from 'better-sqlite3';
import {
  chmodSync,
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** Another process holds the folder: the caller exits 1 with this message. */
export class DataFolderInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly holderPid: number | null,
  ) {
    super(
      `DATA_DIR ${dir} is in use by another ThreadTrak process (pid ${holderPid ?? 'unknown'}); exiting`,
    );
    this.name = 'DataFolderInUseError';
  }
}

export interface DataFolderLock {
  release(): void;
}

/**
 * Takes the embedded deployment's folder for this process, before anything else runs: creates it (0700),
 * makes what is in it the owner's alone (files 0600, folders 0700: the log, its -wal/-shm, the secrets),
 * and holds an exclusive lock on it until the process ends. A second process on the same folder gets
 * DataFolderInUseError naming the holder's pid.
 *
 * The lock is SQLite's own exclusive lock on `DATA_DIR/lock` (a POSIX record lock): the kernel drops it
 * when the holder dies, SIGKILL included, so a crashed holder never leaves the folder stuck, and a reused
 * pid cannot fake a live holder. The holder's pid is written next to it (`lock.pid`) for the message.
 * (Why not a pid file or `proper-lockfile`: docs/decisions.md, "Data folder lock".)
 */
export const claimDataFolder = (dir: string): DataFolderLock => {
  preparePrivateFolder(dir);
  const lockPath = join(dir, 'lock');
  closeSync(openSync(lockPath, 'a', 0o600));
  const db = new Database(lockPath, { timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    // Held until the connection closes (at exit, or by the kernel when the process dies).
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new DataFolderInUseError(dir, holderPid(dir));
    throw error;
  }
  writeFileSync(join(dir, 'lock.pid'), `${process.pid}\n`, { mode: 0o600 });
  return {
    release() {
      if (db.open) db.close();
    },
  };
};

const holderPid = (dir: string): number | null => {
  try {
    const pid = Number(readFileSync(join(dir, 'lock.pid'), 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
};

/** Creates the folder if needed; the folder 0700, its files 0600, its folders 0700 (one level: all we create there). */
export const preparePrivateFolder = (dir: string): void => {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) chmodSync(path, 0o700);
    else if (entry.isFile() && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  }
};
