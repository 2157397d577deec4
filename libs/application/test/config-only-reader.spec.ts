import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../../..');
/** The configuration's one reader of the environment; tests may read it too. */
const ALLOWED = new Set(['libs/application/src/config.ts']);
const ENV_READ = /\bprocess\s*(\.\s*env\b|\[\s*['"`]env['"`]\s*\])/;

/** `path:line` of every read of `process.env` in apps/*\/src and libs/*\/src, outside config.ts and specs. */
const environmentReads = (root: string): string[] => {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name)) {
        const name = relative(root, path).split('\\').join('/');
        if (ALLOWED.has(name)) continue;
        readFileSync(path, 'utf8')
          .split('\n')
          .forEach((line, i) => ENV_READ.test(line) && found.push(`${name}:${i + 1}`));
      }
    }
  };
  for (const top of ['apps', 'libs'])
    for (const entry of readdirSync(join(root, top), { withFileTypes: true }))
      if (entry.isDirectory()) {
        const src = join(root, top, entry.name, 'src');
        try {
          walk(src);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
  return found;
};

describe('the configuration is the only reader of the environment', () => {
  it('no source file in apps/ or libs/ reads process.env but libs/application/src/config.ts', () => {
    expect(environmentReads(ROOT)).toEqual([]);
  });

  it('the check finds a read anywhere else, however it is spelled', () => {
    const root = mkdtempSync(join(tmpdir(), 'env-reads-'));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(join(root, path, '..'), { recursive: true });
        writeFileSync(join(root, path), text);
      };
      write('libs/application/src/config.ts', 'export const c = process.env.PORT;\n');
      write('libs/application/src/config.spec.ts', 'process.env.PORT = "1";\n');
      write('libs/payouts/src/deep/provider.ts', '\nconst key = process.env.STRIPE_SECRET_KEY;\n');
      write('apps/api/src/server.ts', "const proxy = process['env'].TRUST_PROXY;\n");
      write('apps/web/src/page.tsx', 'const { HOST } = process.env;\n');
      expect(environmentReads(root).sort()).toEqual([
        'apps/api/src/server.ts:1',
        'apps/web/src/page.tsx:1',
        'libs/payouts/src/deep/provider.ts:2',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
