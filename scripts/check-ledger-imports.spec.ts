import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Shows the dependency-rule check can fail: it runs the real script, as CI
// does, on throwaway folders given with --root.
const script = join(__dirname, 'check-ledger-imports.js');

function runCheck(root: string) {
  const result = spawnSync(process.execPath, [script, '--root', root], { encoding: 'utf8' });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

function writeTree(root: string, files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

describe('check-ledger-imports', () => {
  let workspace: string;

  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'ledger-imports-'));
  });

  afterEach(() => {
    rmSync(workspace, { recursive: true, force: true });
  });

  it.each([
    [
      'a Nest import',
      'commission.ts',
      "import { Injectable } from '@nestjs/common';\n",
      '@nestjs/common',
    ],
    ['a Redis client', 'payout.ts', "import Redis from 'ioredis';\n", 'ioredis'],
    [
      'a path out of the ledger',
      'orders/order.ts',
      "export { EventStore } from '../../event-store';\n",
      '../../event-store',
    ],
    ['a Node builtin', 'ids.ts', "const fs = require('node:fs');\n", 'node:fs'],
    ['a dynamic import', 'rules.ts', "export const load = () => import('stripe');\n", 'stripe'],
    [
      'another workspace lib',
      'links.ts',
      "import type { Link } from '@threadtrak/links';\n",
      '@threadtrak/links',
    ],
  ])('fails on %s and names it', (_what, file, source, specifier) => {
    const root = join(workspace, 'src');
    writeTree(root, {
      'money.ts': 'export const cents = 1;\n',
      [file]: `// domain file\n${source}`,
    });

    const { code, output } = runCheck(root);

    expect(code).toBe(1);
    expect(output).toContain(`${file}:2`);
    expect(output).toContain(`'${specifier}'`);
  });

  it('passes a pure ledger, whatever its comments and strings mention', () => {
    const root = join(workspace, 'src');
    writeTree(root, {
      'index.ts': "export * from './money/money';\nexport { decide } from './payouts/decide';\n",
      'money/money.ts':
        "// not '@nestjs/common', nor require('ioredis')\nexport const USD = 'USD';\n",
      'payouts/decide.ts': [
        "import { USD } from '../money/money';",
        "import type { Event } from '@threadtrak/ledger';",
        'const hint = "import x from \'stripe\'";',
        'export const decide = (events: Event[]) => [USD, hint, events.length];',
        '',
      ].join('\n'),
    });

    const { code, output } = runCheck(root);

    expect(code).toBe(0);
    expect(output).toContain('OK, 3 file(s)');
  });

  it('passes with a message when the folder does not exist yet', () => {
    const { code, output } = runCheck(join(workspace, 'missing'));

    expect(code).toBe(0);
    expect(output).toContain('does not exist yet');
  });
});
