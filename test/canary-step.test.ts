import { readFileSync } from 'node:fs';
import { readUpstreamWeight } from '@shipgate/traffic';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startCanaryApps, type CanaryApps } from './helpers/canary-apps';
import { startHaproxy, type HaproxyServer } from './helpers/haproxy-server';
import { startNginx, type NginxServer } from './helpers/nginx-server';
import { mermaidBlocks, parseMermaid } from './helpers/mermaid';
import { canaryShare } from './helpers/router-shares';
import { runAction, scratchDir, type ActionRun } from './helpers/run-action';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

let apps: CanaryApps;
let nginx: NginxServer;
let haproxy: HaproxyServer;
let emulator: Emulator;
let baselineId: number;

beforeAll(async () => {
  apps = await startCanaryApps();
  nginx = await startNginx({ stable: apps.stable.port, canary: apps.canary.port });
  haproxy = await startHaproxy({ stable: apps.stable.port, canary: apps.canary.port });
});
afterAll(async () => {
  await nginx?.stop();
  await haproxy?.stop();
  await apps?.close();
});
beforeEach(async () => {
  apps.failCanaryEvery(0);
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
  baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'in_progress' }, { state: 'success' }] }).id;
});
afterEach(async () => {
  await emulator?.close();
});

const routers = {
  nginx: () => ({ router: 'nginx', 'nginx-config': nginx.upstreamFile, 'nginx-test-command': nginx.testCommand, 'nginx-reload-command': nginx.reloadCommand }),
  haproxy: () => ({ router: 'haproxy', 'haproxy-socket': haproxy.socket, 'haproxy-backend': haproxy.backend, 'haproxy-canary-server': 'canary', 'haproxy-stable-server': 'stable' }),
};
const routerUrl = { nginx: () => nginx.url, haproxy: () => haproxy.url };
/**
 * After nginx reloads, old workers finish their requests; HAProxy applies a weight at once.
 * Workers of an earlier reload in the same run can outlive nginx.settled() by the apps'
 * keep-alive (1 s), and closing then cuts a measuring request: wait that out too.
 */
async function settled(name: keyof typeof routers): Promise<void> {
  if (name !== 'nginx') return;
  await nginx.settled();
  await new Promise((done) => setTimeout(done, 1500));
}

/** Probes straight at each app: 100 requests a second per arm, 2 s steps. */
const probeInputs = () => ({
  sha: SHA,
  environment: 'production',
  steps: '10:2s,25:2s,50:2s,100',
  interval: '2s',
  'min-requests': '50',
  'canary-url': apps.canary.url,
  'baseline-url': apps.stable.url,
  'probe-rate': '100/s',
  'slow-threshold': '250ms',
});

const canary = (inputs: Record<string, string>, extra: Parameters<typeof runAction>[1] = {}) =>
  runAction('canary-step', { apiUrl: emulator.url, cwd: scratchDir(), timeoutMs: 55_000, ...extra, inputs });

const canaryDeployment = () => {
  const created = emulator.deployments.filter((d) => d.id !== baselineId);
  expect(created).toHaveLength(1);
  return created[0] as (typeof created)[number];
};
const statuses = (id: number) => emulator.statusesOf(id).map((s) => ({ state: s.state, description: s.description }));

function expectNoErrors(run: ActionRun) {
  expect(run.errors, run.stdout + run.stderr).toEqual([]);
  expect(run.exitCode).toBe(0);
}

describe.each(['nginx', 'haproxy'] as const)('canary-step (bundled) through real %s', (name) => {
  it('promotes a healthy canary through every step and ends with all traffic on it', async () => {
    const run = await canary({ ...probeInputs(), ...routers[name]() });
    expectNoErrors(run);
    expect(run.outputs).toMatchObject({ decision: 'promoted', weight: '100', step: '4/4' });
    const deployment = canaryDeployment();
    expect(deployment).toMatchObject({ sha: SHA, environment: 'production', production_environment: true });
    expect(deployment.payload).toMatchObject({ shipgate: { kind: 'canary', baseline_sha: STABLE_SHA, steps: [{ weight: 10, pauseMs: 2000 }, { weight: 25 }, { weight: 50 }, { weight: 100 }] } });
    const recorded = statuses(deployment.id).reverse();
    expect(recorded.map((s) => s.state)).toEqual(['in_progress', 'in_progress', 'in_progress', 'in_progress', 'success']);
    for (const [i, weight] of [10, 25, 50, 100].entries()) {
      expect(recorded[i]?.description).toMatch(new RegExp(`^shipgate canary step=${i + 1}/4 weight=${weight} since=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ`));
      expect(recorded[i]?.description.length).toBeLessThanOrEqual(140);
    }
    // From the second step on, the description carries the judge's sentence about the previous one.
    expect(recorded[1]?.description).toMatch(/: no harm found: canary error rate 0% vs 0% baseline/);
    await settled(name);
    expect(await canaryShare(apps, routerUrl[name](), 400)).toBe(100);
    const report = JSON.parse(readFileSync(run.outputs.report as string, 'utf8')) as { decision: string; steps: Array<{ verdict: string; canary: { requests: number } }> };
    expect(report.decision).toBe('promoted');
    expect(report.steps.map((s) => s.verdict)).toEqual(['advanced', 'advanced', 'advanced', 'promoted']);
    for (const step of report.steps.slice(0, 3)) expect(step.canary.requests).toBeGreaterThanOrEqual(50);
    // The job summary: a row per step and a chart mermaid's own parser accepts.
    expect(run.summary.match(/<tr><td>\d\/4<\/td>/g)).toHaveLength(4);
    const [chart] = mermaidBlocks(run.summary);
    expect(await parseMermaid(chart as string)).toBe('xychart');
  });

  it('aborts a canary failing 20 % of requests at its first step and puts traffic back on stable', async () => {
    apps.failCanaryEvery(5);
    const run = await canary({ ...probeInputs(), ...routers[name]() });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^canary-step: canary 2222222: aborted at step 1\/4 \(10%\), traffic back on stable: /);
    expect(run.outputs).toMatchObject({ decision: 'aborted', weight: '0', step: '1/4' });
    const deployment = canaryDeployment();
    const [last] = statuses(deployment.id);
    expect(last?.state).toBe('failure');
    expect(last?.description).toMatch(/^shipgate: rolled back: canary error rate/);
    expect(run.summary).toMatch(/<tr><td>1\/4<\/td><td>10%<\/td>.*<td>aborted<\/td><td>canary error rate/);
    apps.failCanaryEvery(0);
    await settled(name);
    expect(await canaryShare(apps, routerUrl[name](), 400)).toBe(0);
  });
});

describe('canary-step (bundled) cancelled or crashed mid-step, through real nginx', () => {
  const weightInFile = () => readUpstreamWeight(readFileSync(nginx.upstreamFile, 'utf8'));

  it('on SIGTERM mid-step puts traffic back on stable and marks the deployment error; the post step then has nothing left to do', async () => {
    const inputs = { ...probeInputs(), ...routers.nginx(), steps: '10:5s,25:5s,100' };
    const main = await canary(inputs, { cancelAfterMs: 3000, cancelSignal: 'SIGTERM' });
    expect(main.exitCode).toBe(1);
    expect(main.warnings.join('\n')).toMatch(/received SIGTERM/);
    const post = await canary(inputs, { postState: main.state });
    expect(post.exitCode).toBe(0);
    const deployment = canaryDeployment();
    const [last] = statuses(deployment.id);
    expect(last).toMatchObject({ state: 'error', description: expect.stringMatching(/^shipgate: canary cancelled at step 1\/3; traffic back on stable$/) });
    expect(weightInFile()).toBe(0);
    await settled('nginx');
    expect(await canaryShare(apps, nginx.url, 300)).toBe(0);
  });

  it('after a crash mid-step (main killed outright), the post step puts traffic back on stable and marks the deployment error', async () => {
    const inputs = { ...probeInputs(), ...routers.nginx(), steps: '10:3s,25:30s,100' };
    // SIGKILL: main gets no chance to clean up, as when the runner loses the process.
    const main = await canary(inputs, { timeoutMs: 5000 });
    expect(main.exitCode).toBe(null);
    const deployment = canaryDeployment();
    expect(statuses(deployment.id)[0]?.state).toBe('in_progress');
    expect(weightInFile()).toBe(25);
    const post = await canary(inputs, { postState: main.state });
    expect(post.exitCode, post.stdout).toBe(0);
    expect(post.warnings.join('\n')).toMatch(/still in progress when the job ended: traffic is back on stable and the deployment is marked error/);
    expect(statuses(deployment.id)[0]).toEqual({ state: 'error', description: 'shipgate: the job ended mid-canary (cancelled or crashed); traffic back on stable' });
    expect(weightInFile()).toBe(0);
    await settled('nginx');
    expect(await canaryShare(apps, nginx.url, 300)).toBe(0);
  });
});
