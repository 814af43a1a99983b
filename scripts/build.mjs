#!/usr/bin/env node
// Bundles every entry point with ncc into dist/<name>/index.js (committed; the Actions runner
// executes these files directly). Entries:
//   actions/<name>/src/index.ts      -> dist/<name>/
//   packages/<pkg>/src/bin/<name>.ts -> dist/<name>/   (command-line tools, e.g. shipgate-judge)
// `node scripts/build.mjs [name ...]` builds only the named entries. Type errors are caught by
// `npm run typecheck` over the whole project; ncc only transpiles (one bad test file must not
// block every bundle).
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

function discoverEntries() {
  const entries = [];
  for (const name of readdirSync(join(root, 'actions')).sort()) {
    const file = join('actions', name, 'src', 'index.ts');
    if (existsSync(join(root, file))) entries.push({ name, file });
  }
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    const binDir = join('packages', pkg, 'src', 'bin');
    if (!existsSync(join(root, binDir))) continue;
    for (const f of readdirSync(join(root, binDir)).sort()) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts')) entries.push({ name: f.slice(0, -3), file: join(binDir, f) });
    }
  }
  return entries;
}

const wanted = process.argv.slice(2);
const entries = discoverEntries().filter((e) => wanted.length === 0 || wanted.includes(e.name));
if (wanted.length > 0 && entries.length !== wanted.length) {
  console.error(`unknown entry in: ${wanted.join(', ')}; known: ${discoverEntries().map((e) => e.name).join(', ')}`);
  process.exit(1);
}
const ncc = join(root, 'node_modules', '.bin', 'ncc');
const run = promisify(execFile);

async function build({ name, file }) {
  const out = join(root, 'dist', name);
  rmSync(out, { recursive: true, force: true });
  await run(ncc, ['build', file, '-o', out, '--minify', '--no-source-map-register', '--quiet', '--target', 'es2022', '--transpile-only'], { cwd: root });
  console.log(`built dist/${name}`);
}

// One ncc per core: the bundles are independent, and a full build stays well under a minute.
const queue = [...entries];
const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  for (let entry = queue.shift(); entry; entry = queue.shift()) await build(entry);
});
try {
  await Promise.all(workers);
} catch (error) {
  console.error(error.stderr || error.message);
  process.exit(1);
}
