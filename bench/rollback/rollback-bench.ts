// Rollback time-to-restore benchmark: production runs a canary at weight 100 % behind real
// nginx; the rollback action's committed bundle (dist/rollback, run exactly as the Actions
// runner runs it, against the GitHub emulator) moves it to 0 %. Clients keep sending through
// nginx throughout. Per trial it reports
//   restored: trigger (the step's process start) → the first request after which every request
//             reached stable;
//   verified: trigger → the action exited 0 (record written, weight read back) and then 20
//             fresh requests in a row through nginx reached stable.
// Median of 10 (--trials N); writes bench/results/rollback.json. `npm run bench:rollback`
// (needs nginx and `npm run build`).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseArgs } from 'node:util';
import { createRouter } from '@shipgate/traffic';
import { request } from 'undici';
import { startEmulator, type Emulator } from '../../test/emulator';
import { sendUntil } from '../../test/helpers/keep-alive-clients';
import { startNginx, type NginxServer } from '../../test/helpers/nginx-server';
import { repoRoot, runAction, scratchDir } from '../../test/helpers/run-action';
import { startTrackApps } from '../../test/helpers/track-apps';

const CLIENTS = 4;
const VERIFY_REQUESTS = 20;
/** How long clients keep sending after the rollback was verified and nginx's old workers left. */
const TAIL_MS = 300;
const GOOD = '1'.repeat(40);
const CANARY = '2'.repeat(40);

interface Trial {
  restoredMs: number;
  verifiedMs: number;
  /** What the action itself reports as duration-ms (its start to restored and verified). */
  actionDurationMs: number;
  failedRequests: number;
}

/**
 * Sends requests, each on a new connection, until VERIFY_REQUESTS in a row reached stable
 * (nginx's reload signal returns before its new workers take over, so the first few may still
 * reach the canary). False if that does not happen within 5 s.
 */
async function untilAllStable(url: string): Promise<boolean> {
  const deadline = performance.now() + 5000;
  let inARow = 0;
  while (inARow < VERIFY_REQUESTS) {
    if (performance.now() > deadline) return false;
    const response = await request(`${url}/`, { headers: { connection: 'close' } });
    await response.body.dump();
    inARow = response.headers['x-track'] === 'stable' ? inARow + 1 : 0;
  }
  return true;
}

function seedProduction(emulator: Emulator): void {
  // Newer than the previous trial's rollback record: the newest deployment is the current one.
  const now = Date.now();
  for (const [sha, kind, ago] of [[GOOD, 'deploy', 2], [CANARY, 'canary', 1]] as const) {
    emulator.seedDeployment({
      sha,
      environment: 'production',
      productionEnvironment: true,
      payload: { shipgate: { kind, version: sha.slice(0, 7) } },
      createdAt: new Date(now - ago),
      statuses: [{ state: 'success', createdAt: new Date(now - ago) }],
    });
  }
}

async function trial(emulator: Emulator, nginx: NginxServer, work: string): Promise<Trial> {
  const quiet = { timeoutMs: 10_000, log: () => {}, stdout: new PassThrough(), stderr: new PassThrough() };
  const router = createRouter('nginx', (name) => ({ 'nginx-config': nginx.upstreamFile, 'nginx-test-command': nginx.testCommand, 'nginx-reload-command': nginx.reloadCommand })[name] ?? '', quiet);
  await router.setWeight(100);
  await nginx.settled();
  seedProduction(emulator);

  let release!: () => void;
  const traffic = sendUntil(nginx.url, new Promise<void>((done) => (release = done)), CLIENTS);
  await new Promise((done) => setTimeout(done, 100)); // clients connected, all on the canary
  const triggered = performance.now();
  const run = await runAction('rollback', {
    apiUrl: emulator.url,
    cwd: work,
    inputs: { router: 'nginx', 'nginx-config': nginx.upstreamFile, 'nginx-test-command': nginx.testCommand, 'nginx-reload-command': nginx.reloadCommand, reason: 'bench' },
  });
  if (run.exitCode !== 0) throw new Error(`rollback failed: ${run.errors.join(' ')}\n${run.stdout}`);
  if (!(await untilAllStable(nginx.url))) throw new Error('5 s after the rollback, requests still reached the canary');
  const verifiedMs = performance.now() - triggered;
  await nginx.settled().catch(() => {});
  await new Promise((done) => setTimeout(done, TAIL_MS));
  release();
  const { sent, failed } = await traffic;
  const after = sent.filter((r) => r.at >= triggered).sort((a, b) => a.at - b.at);
  const lastCanary = after.findLastIndex((r) => r.track === 'canary');
  const firstStableOnly = after[lastCanary + 1];
  if (!firstStableOnly) throw new Error('no request was sent after the canary stopped serving');
  return { restoredMs: firstStableOnly.at - triggered, verifiedMs, actionDurationMs: Number(run.outputs['duration-ms']), failedRequests: failed };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main(): Promise<void> {
  const root = process.env.SHIPGATE_ROOT ?? repoRoot;
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '10' }, out: { type: 'string', default: join(root, 'bench/results/rollback.json') } } });
  if (!existsSync(join(root, 'dist', 'rollback', 'index.js'))) throw new Error('dist/rollback/index.js is missing: run npm run build first');
  const trials: Trial[] = [];
  const apps = await startTrackApps();
  const emulator = await startEmulator();
  const work = scratchDir('shipgate-rollback-bench-');
  try {
    for (const sha of [GOOD, CANARY]) emulator.addCommit({ sha, tree: `e${sha.slice(1)}`, parents: [], message: sha.slice(0, 1) });
    const nginx = await startNginx({ stable: apps.stable.port, canary: apps.canary.port });
    try {
      for (let i = 0; i < Number(values.trials); i++) trials.push(await trial(emulator, nginx, work));
    } finally {
      await nginx.stop();
    }
  } finally {
    await emulator.close();
    await apps.close();
  }
  const figure = (key: keyof Trial) => Number(median(trials.map((t) => t[key])).toFixed(1));
  const summary = {
    trials: trials.length,
    medianRestoredMs: figure('restoredMs'),
    medianVerifiedMs: figure('verifiedMs'),
    maxVerifiedMs: Number(Math.max(...trials.map((t) => t.verifiedMs)).toFixed(1)),
    medianActionDurationMs: figure('actionDurationMs'),
    failedRequests: trials.reduce((sum, t) => sum + t.failedRequests, 0),
  };
  console.log(`rollback through real nginx, canary weight 100% → 0% (dist/rollback bundle, GitHub emulator), median of ${summary.trials}, ${CLIENTS} keep-alive clients sending throughout`);
  console.log(`  trigger → traffic restored (first request of the stable-only tail): ${summary.medianRestoredMs} ms`);
  console.log(`  trigger → restored and verified (action done, then ${VERIFY_REQUESTS} fresh requests in a row reached stable): ${summary.medianVerifiedMs} ms (max ${summary.maxVerifiedMs} ms)`);
  console.log(`  the action's own duration-ms output: ${summary.medianActionDurationMs} ms`);
  console.log(`  failed requests during the switches: ${summary.failedRequests}`);
  console.log(summary.medianVerifiedMs < 2000 ? 'median under 2 s: yes' : 'median under 2 s: NO');
  mkdirSync(dirname(values.out), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify({ measured: new Date().toISOString(), clients: CLIENTS, summary, runs: trials }, null, 2)}\n`);
}

await main();
