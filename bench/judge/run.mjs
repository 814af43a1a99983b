#!/usr/bin/env node
// `npm run bench:judge`: Node 20 cannot run TypeScript, so bundle bench/judge/judge-bench.ts
// (and the @shipgate/analysis source it imports) with ncc into a temp dir, then run it.
// Arguments pass through, e.g. `npm run bench:judge -- --trial-scale 0.1`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'shipgate-bench-judge-'));
try {
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', 'bench/judge/judge-bench.ts', '-o', out, '--quiet', '--transpile-only', '--target', 'es2022'], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync(process.execPath, [join(out, 'index.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
} finally {
  rmSync(out, { recursive: true, force: true });
}
