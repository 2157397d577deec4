import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where a log consumer keeps the position of the last event it fully handled. */
export interface Checkpoints {
  read(name: string): Promise<number>;
  write(name: string, position: number): Promise<void>;
}

/** One small file per consumer in the data folder, replaced atomically (write, then rename). */
export class FileCheckpoints implements Checkpoints {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  async read(name: string): Promise<number> {
    try {
      return Number(readFileSync(join(this.dir, `${name}.checkpoint`), 'utf8')) || 0;
    } catch {
      return 0;
    }
  }

  async write(name: string, position: number): Promise<void> {
    const path = join(this.dir, `${name}.checkpoint`);
    writeFileSync(`${path}.tmp`, String(position));
    renameSync(`${path}.tmp`, path);
  }
}

export class MemoryCheckpoints implements Checkpoints {
  private readonly positions = new Map<string, number>();
  async read(name: string) {
    return this.positions.get(name) ?? 0;
  }
  async write(name: string, position: number) {
    this.positions.set(name, position);
  }
}
