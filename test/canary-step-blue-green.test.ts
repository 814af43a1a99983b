import { readFileSync } from 'node:fs';
import { createRouter } from '@shipgate/traffic';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startHaproxy, type HaproxyServer } from './helpers/haproxy-server';
import { startApp, type LocalApp } from './helpers/http-app';
import { runAction, scratchDir } from './helpers/run-action';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

/** How the new (green) version behaves: healthy, broken from the start, or broken once users reach it. */
let green: 'healthy' | 'broken' | 'breaks-under-users' = 'healthy';
let usersReachedGreen = false;
let n = 0;
let greenApp: LocalApp;
let blueApp: LocalApp;
let haproxy: HaproxyServer;
let emulator: Emulator;
let baselineId: number;

beforeAll(async () => {
  greenApp = await startApp((req, res) => {
    if (req.url === '/') usersReachedGreen = true;
    const failing = green === 'broken' || (green === 'breaks-under-users' && usersReachedGreen);
    res.statusCode = failing && ++n % 5 === 0 ? 500 : 200;
    res.end('green');
  });
  blueApp = await startApp((_req, res) => res.end('blue'));
  haproxy = await startHaproxy({ stable: blueApp.port, canary: greenApp.port });
});
afterAll(async () => {
  await haproxy?.stop();
  await greenApp?.close();
  await blueApp?.close();
});
beforeEach(async () => {
  // Each test starts with blue serving everything (the previous one may have switched to green).
  const inputs: Record<string, string> = { 'haproxy-socket': haproxy.socket, 'haproxy-backend': haproxy.backend, 'haproxy-canary-server': 'canary', 'haproxy-stable-server': 'stable' };
  await createRouter('haproxy', (name) => inputs[name] ?? '', { timeoutMs: 5000, log: () => undefined }).setWeight(0);
  green = 'healthy';
  usersReachedGreen = false;
  greenApp.requests.length = 0;
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
  baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'success' }] }).id;
});
afterEach(async () => {
  await emulator?.close();
});

/** Users: requests to `/` through HAProxy every 10 ms while the action runs. */
async function withUsers<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void fetch(`${haproxy.url}/`).then((r) => r.arrayBuffer()).catch(() => undefined), 10);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

const blueGreen = () =>
  withUsers(() =>
    runAction('canary-step', {
      apiUrl: emulator.url,
      cwd: scratchDir(),
      timeoutMs: 55_000,
      inputs: {
        sha: SHA,
        environment: 'production',
        strategy: 'blue-green',
        interval: '2s',
        'min-requests': '50',
        router: 'haproxy',
        'haproxy-socket': haproxy.socket,
        'haproxy-backend': haproxy.backend,
        'haproxy-canary-server': 'canary',
        'haproxy-stable-server': 'stable',
        'canary-url': greenApp.url,
        'baseline-url': blueApp.url,
        'probe-path': '/health',
        'probe-rate': '100/s',
        'slow-threshold': '250ms',
        'scale-down-delay': '10m',
      },
    }),
  );

const statuses = () => {
  const [deployment] = emulator.deployments.filter((d) => d.id !== baselineId);
  return deployment ? emulator.statusesOf(deployment.id).reverse().map((s) => `${s.state} ${s.description.replace(/since=\S+Z/, 'since=T').slice(0, 60)}`) : [];
};
/** Which version answers users now. */
const servedNow = async () => (await (await fetch(`${haproxy.url}/`)).text()).trim();

describe('canary-step strategy: blue-green (bundled) through real HAProxy', () => {
  it('checks a healthy version at 0 %, then switches all traffic at once and keeps it after the post-switch window', async () => {
    const run = await blueGreen();
    expect(run.errors, run.stdout).toEqual([]);
    expect(run.outputs).toMatchObject({ decision: 'promoted', weight: '100', step: '2/2' });
    expect(run.outputs.reason).toMatch(/keep the previous version ready until \d{4}-.*Z \(scale-down-delay\)/);
    expect(statuses()).toEqual([
      'in_progress shipgate canary step=1/2 weight=0 since=T',
      expect.stringMatching(/^in_progress shipgate canary step=2\/2 weight=100 since=T: no harm found/),
      'success shipgate: canary promoted: 2222222 at 100%',
    ]);
    expect(await servedNow()).toBe('green');
  });

  it('never gives a broken version production traffic', async () => {
    green = 'broken';
    const run = await blueGreen();
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/aborted at step 1\/2 \(0%\), traffic back on stable: canary error rate/)]);
    expect(greenApp.requests.filter((r) => r === 'GET /')).toEqual([]);
    expect(statuses().at(-1)).toMatch(/^failure shipgate: rolled back: canary error rate/);
    expect(await servedNow()).toBe('blue');
  });

  it('switches straight back when the post-switch window fails', async () => {
    green = 'breaks-under-users';
    const run = await blueGreen();
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/aborted at step 2\/2 \(100%\), traffic back on stable: canary error rate/)]);
    expect(run.outputs).toMatchObject({ decision: 'aborted', weight: '0' });
    expect(usersReachedGreen).toBe(true);
    // The switch back follows the aborting poll at once (one Runtime API call, then the status).
    const report = JSON.parse(readFileSync(run.outputs.report as string, 'utf8')) as { startedAt: string; endedAt: string; polls: Array<{ atMs: number; verdict: string; weight: number }> };
    const aborting = report.polls.at(-1);
    expect(aborting).toMatchObject({ verdict: 'abort', weight: 100 });
    expect(Date.parse(report.endedAt) - (Date.parse(report.startedAt) + (aborting?.atMs ?? 0))).toBeLessThan(1000);
    expect(statuses().at(-1)).toMatch(/^failure shipgate: rolled back: canary error rate/);
    expect(await servedNow()).toBe('blue');
  });
});
