#!/usr/bin/env node
// The dependency rule for the domain: libs/ledger is pure TypeScript, so its
// source may import only itself. This check fails CI when a file under the
// root imports infrastructure (Nest, Redis, Stripe, stores, HTTP, QR, RxJS),
// a Node builtin (time and ids are passed in, never read), another workspace
// lib, or a relative path that leaves the root.
//
// Usage: node scripts/check-ledger-imports.js [--root DIR]   (default libs/ledger/src)
// Exit: 0 clean (or nothing to check), 1 forbidden imports found, 2 bad usage.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const DEFAULT_ROOT = 'libs/ledger/src';
const SELF = '@threadtrak/ledger';
const FORBIDDEN_SCOPES = ['@nestjs/', '@eventstore/', '@kurrent/', '@fastify/'];
const FORBIDDEN_PACKAGES = new Set([
  'ioredis',
  'redis',
  'stripe',
  'class-validator',
  'class-transformer',
  'pg',
  'better-sqlite3',
  'fastify',
  'qrcode',
  'rxjs',
]);
const SOURCE_FILE = /\.(ts|tsx|mts|cts)$/;
const BUILTINS = new Set(builtinModules);

function parseArgs(argv) {
  const args = { root: DEFAULT_ROOT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--root' && argv[i + 1]) args.root = argv[++i];
    else if (arg.startsWith('--root=')) args.root = arg.slice('--root='.length);
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new Error(`unknown argument: ${arg}`);
  }
  return args;
}

function listSourceFiles(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSourceFiles(full));
    else if (entry.isFile() && SOURCE_FILE.test(entry.name)) files.push(full);
  }
  return files.sort();
}

// Returns a copy of `text` of the same length in which comments are blanked
// and string/template contents are replaced by spaces (quotes kept), so the
// import patterns below match code only and indexes still point into `text`.
function maskCommentsAndStrings(text) {
  const out = text.split('');
  const blank = (from, to) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\') j++;
        else if (c !== '`' && text[j] === '\n') break;
        j++;
      }
      blank(i + 1, Math.min(j, text.length));
      i = j + 1;
    } else {
      i++;
    }
  }
  return out.join('');
}

// Finds every module specifier in a file: static import/export … from,
// side-effect imports, import(...), require(...), and triple-slash
// `/// <reference types|path="…" />` directives.
function findImports(text) {
  const masked = maskCommentsAndStrings(text);
  const found = new Map();
  const record = (quoteIndex, kind) => {
    const quote = text[quoteIndex];
    const end = text.indexOf(quote, quoteIndex + 1);
    const specifier = text.slice(quoteIndex + 1, end);
    if (found.has(quoteIndex)) return;
    const dynamic = quote === '`' && specifier.includes('${');
    found.set(quoteIndex, { index: quoteIndex, kind, specifier: dynamic ? null : specifier });
  };
  const patterns = [
    { kind: 'from', re: /(?<![.\w$])(?:import|export)\b[^;'"`]*?\bfrom\s*(['"])/g },
    { kind: 'import', re: /(?<![.\w$])import\s*(['"])/g },
    { kind: 'call', re: /(?<![.\w$])(?:import|require)\s*\(\s*(['"`])?/g },
  ];
  for (const { kind, re } of patterns) {
    for (const match of masked.matchAll(re)) {
      if (match[1]) record(match.index + match[0].length - 1, kind);
      else found.set(match.index, { index: match.index, kind, specifier: null });
    }
  }
  const reference = /^\s*\/\/\/\s*<reference\s+(?:types|path)\s*=\s*(['"])([^'"]*)\1/gm;
  for (const match of text.matchAll(reference)) {
    const index = match.index + match[0].indexOf(match[1]);
    found.set(index, { index, kind: 'reference', specifier: match[2] });
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

// Why `specifier`, imported by `file`, breaks the rule; null when allowed.
function violation(specifier, file, root) {
  if (specifier === null) return 'non-literal import: cannot be checked';
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    const target = path.resolve(path.dirname(file), specifier);
    const fromRoot = path.relative(root, target);
    const inside = fromRoot === '' || (!fromRoot.startsWith('..') && !path.isAbsolute(fromRoot));
    return inside ? null : 'relative import leaves the ledger';
  }
  // `node` alone is what `/// <reference types="node" />` names: the Node typings.
  if (
    specifier === 'node' ||
    specifier.startsWith('node:') ||
    BUILTINS.has(packageName(specifier))
  ) {
    return 'Node builtin (the domain is pure: pass time and ids in)';
  }
  const name = packageName(specifier);
  if (name === SELF) return null;
  if (name.startsWith('@threadtrak/')) return 'another workspace lib';
  if (FORBIDDEN_SCOPES.some((scope) => name.startsWith(scope)) || FORBIDDEN_PACKAGES.has(name)) {
    return 'infrastructure package';
  }
  return null;
}

function lineOf(text, index) {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function displayPath(file) {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

function check(rootArg) {
  const root = path.resolve(rootArg);
  if (!fs.existsSync(root)) {
    return { files: 0, problems: [], missing: true };
  }
  const problems = [];
  const files = listSourceFiles(root);
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const found of findImports(text)) {
      const reason = violation(found.specifier, file, root);
      if (reason) {
        problems.push({
          file: displayPath(file),
          line: lineOf(text, found.index),
          specifier: found.specifier === null ? '<expression>' : found.specifier,
          reason,
        });
      }
    }
  }
  return { files: files.length, problems, missing: false };
}

function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`check-ledger-imports: ${err.message}`);
    return 2;
  }
  if (args.help) {
    console.log('Usage: node scripts/check-ledger-imports.js [--root DIR]');
    return 0;
  }
  const { files, problems, missing } = check(args.root);
  if (missing) {
    console.log(`check-ledger-imports: OK, ${args.root} does not exist yet: 0 files checked`);
    return 0;
  }
  if (problems.length > 0) {
    console.error(`check-ledger-imports: ${problems.length} forbidden import(s) in ${args.root}:`);
    for (const p of problems)
      console.error(`  ${p.file}:${p.line}  '${p.specifier}'  (${p.reason})`);
    console.error(
      'The ledger is pure domain code: wire infrastructure in apps/ or an adapter lib.',
    );
    return 1;
  }
  console.log(
    `check-ledger-imports: OK, ${files} file(s) in ${args.root} import nothing outside the ledger`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main();

module.exports = { check, findImports, violation };
