#!/usr/bin/env node
// Startup cost of an action bundle that fails on a missing input (the path every typo takes),
// against bare `node -e ""` measured alternately in the same run. Prints medians and the ratio.
// Usage: node bench/startup.mjs [action=staging-deploy] [runs=40]
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const action = process.argv[2] ?? 'staging-deploy';
const runs = Number(process.argv[3] ?? 40);
const bundle = resolve(import.meta.dirname, '..', 'dist', action, 'index.js');
const cwd = mkdtempSync(join(tmpdir(), 'shipgate-startup-'));
// No INPUT_* at all: the action must fail on its first required input.
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));

function timeOnce(args, expectFailure) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd, env, encoding: 'utf8' });
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
const bare = [];
const shipgate = [];
timeOnce(['-e', ''], false); // warm the file cache for both
timeOnce([bundle], true);
for (let i = 0; i < runs; i++) {
  bare.push(timeOnce(['-e', ''], false));
  shipgate.push(timeOnce([bundle], true));
}
const ratio = median(shipgate) / median(bare);
console.log(`bare node -e "":            median ${median(bare).toFixed(1)} ms (${runs} runs)`);
console.log(`dist/${action} (bad input): median ${median(shipgate).toFixed(1)} ms (${runs} runs)`);
console.log(`ratio: ${ratio.toFixed(2)}x (target <= 2.5x)`);
