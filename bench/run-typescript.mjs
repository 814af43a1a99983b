#!/usr/bin/env node
// Runs a TypeScript benchmark: Node 20 cannot run TypeScript, so bundle the entry (and the
// packages it imports) with ncc into a temp dir, then run it with the remaining arguments.
// Usage: node bench/run-typescript.mjs bench/judge/judge-bench.ts [args...]
// The bench finds the repository through SHIPGATE_ROOT (its bundle lives in a temp dir).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node bench/run-typescript.mjs <bench entry .ts> [args...]');
  process.exit(1);
}
const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'shipgate-bench-'));
try {
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', entry, '-o', out, '--quiet', '--transpile-only', '--target', 'es2022'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(out, 'index.js'), ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, SHIPGATE_ROOT: root } });
} catch (error) {
  process.exitCode = typeof error.status === 'number' ? error.status : 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
