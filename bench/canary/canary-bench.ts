// Runner time of a 4-step canary (10 %, 25 %, 50 % for 10 minutes each, then 100 %) in
// `mode: advance` (one short invocation per step, no runner held during pauses) against
// `mode: run` (one job through every pause). Runs the bundle (dist/canary-step) as the runner
// would, against the GitHub emulator, with a command router and a metrics command.
// Pauses are simulated: run mode is measured with 2-second pauses and its figure for 10-minute
// pauses is the measured time with the 2-second pauses replaced by 10 minutes; advance mode's
// invocations run against an emulator whose clock stands 10 minutes behind, so each invocation
// finds the previous step's pause over, as a `schedule` every 10 minutes would.
// Usage: npm run bench:canary (build first: node scripts/build.mjs canary-step)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../test/emulator';

const root = process.env.SHIPGATE_ROOT ?? process.cwd();
const PAUSE_MS = 10 * 60_000;
const MEASURED_PAUSE_MS = 2000;
const SHA = '2222222222222222222222222222222222222222';
const BUNDLE = join(root, 'dist', 'canary-step', 'index.js');

const ROUTER = `import { writeFileSync } from 'node:fs'; writeFileSync('weight', process.argv[2]);`;
const METRICS = `console.log(JSON.stringify({ canary: { requests: 600, errors: 1, slow: 3 }, baseline: { requests: 5400, errors: 9, slow: 30 } }));`;

/** Runs main of the bundle like the runner (INPUT_*, GITHUB_* files); resolves with wall time and outputs. */
async function invoke(apiUrl: string, work: string, inputs: Record<string, string>, runId: string): Promise<{ ms: number; outputs: string }> {
  for (const name of ['output', 'state', 'summary']) writeFileSync(join(work, name), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? work,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: SHA,
    RUNNER_TEMP: work,
    GITHUB_OUTPUT: join(work, 'output'),
    GITHUB_STATE: join(work, 'state'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    'INPUT_GITHUB-TOKEN': 'ghs_bench',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const started = performance.now();
  const child = spawn(process.execPath, [BUNDLE], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c: Buffer) => (log += c.toString()));
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`canary-step exited ${code}:\n${log}`);
  return { ms, outputs: readFileSync(join(work, 'output'), 'utf8') };
}

async function emulatorWithHistory(clockBehindMs: number): Promise<Emulator> {
  const emulator = await startEmulator({ now: () => new Date(Date.now() - clockBehindMs) });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [] });
  return emulator;
}

function workspace(): { work: string; inputs: (steps: string, mode: string) => Record<string, string> } {
  const work = mkdtempSync(join(tmpdir(), 'shipgate-bench-canary-'));
  writeFileSync(join(work, 'router.mjs'), ROUTER);
  writeFileSync(join(work, 'metrics.mjs'), METRICS);
  return {
    work,
    inputs: (steps, mode) => ({
      environment: 'production',
      sha: SHA,
      steps,
      interval: '5m',
      mode,
      router: 'command',
      'set-weight-command': `node ${join(work, 'router.mjs')} {weight}`,
      'metrics-command': `node ${join(work, 'metrics.mjs')}`,
      'min-requests': '50',
      'max-error-rate': '1%',
      'compare-baseline': 'true',
      alpha: '0.05',
      'on-failure': 'rollback',
      'harm-margin': '1.1',
      'on-no-data': 'pause',
      strategy: 'canary',
      'scale-down-delay': '10m',
      'advance-timeout': '24h',
      'dry-run': 'false',
    }),
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function runMode(): Promise<number> {
  const emulator = await emulatorWithHistory(0);
  const { work, inputs } = workspace();
  try {
    const pause = `${MEASURED_PAUSE_MS / 1000}s`;
    const { ms, outputs } = await invoke(emulator.url, work, inputs(`10:${pause},25:${pause},50:${pause},100`, 'run'), '1');
    if (!outputs.includes('promoted')) throw new Error(`run mode did not promote: ${outputs}`);
    return ms - 3 * MEASURED_PAUSE_MS + 3 * PAUSE_MS;
  } finally {
    await emulator.close();
  }
}

async function advanceMode(): Promise<{ total: number; invocations: number[] }> {
  const emulator = await emulatorWithHistory(PAUSE_MS);
  const { work, inputs } = workspace();
  const invocations: number[] = [];
  try {
    for (let i = 0; i < 10; i++) {
      const { ms, outputs } = await invoke(emulator.url, work, inputs('10:10m,25:10m,50:10m,100', 'advance'), String(100 + i));
      invocations.push(ms);
      if (outputs.includes('promoted')) return { total: invocations.reduce((a, b) => a + b, 0), invocations };
    }
    throw new Error('advance mode did not promote within 10 invocations');
  } finally {
    await emulator.close();
  }
}

const run = await runMode();
const advance = await advanceMode();
const ratio = advance.total / run;
console.log('canary-step runner time, 4 steps (10 %, 25 %, 50 % for 10 minutes each, then 100 %), pauses simulated');
console.log(`  run mode:     ${seconds(run)} (one job through three 10-minute pauses)`);
console.log(`  advance mode: ${seconds(advance.total)} over ${advance.invocations.length} invocations (${advance.invocations.map(seconds).join(', ')})`);
console.log(`  advance / run: ${(ratio * 100).toFixed(2)} % (budget 5 %)`);
console.log('  Not counted on either side: the runner starting each job (advance mode starts one per invocation).');
if (ratio > 0.05) {
  console.error('advance mode used more than 5 % of run mode\'s runner time');
  process.exit(1);
}
