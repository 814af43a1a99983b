import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startHaproxy, type HaproxyServer } from './helpers/haproxy-server';
import { startMetricsApp, type MetricsApp } from './helpers/metrics-app';
import { startPrometheus, type PrometheusServer } from './helpers/prometheus-server';
import { runAction, scratchDir } from './helpers/run-action';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

let canaryApp: MetricsApp;
let stableApp: MetricsApp;
let haproxy: HaproxyServer;
let prometheus: PrometheusServer;
let emulator: Emulator;
let baselineId: number;
/** Every n-th canary request answers 500 (0: none). */
let failEvery = 0;

beforeAll(async () => {
  canaryApp = await startMetricsApp({ status: (n) => (failEvery > 0 && n % failEvery === 0 ? 500 : 200), delayMs: () => 0 });
  stableApp = await startMetricsApp({ status: () => 200, delayMs: () => 0 });
  haproxy = await startHaproxy({ stable: stableApp.app.port, canary: canaryApp.app.port });
  prometheus = await startPrometheus([
    { address: `127.0.0.1:${canaryApp.app.port}`, labels: { track: 'canary' } },
    { address: `127.0.0.1:${stableApp.app.port}`, labels: { track: 'baseline' } },
  ]);
  // canary-step refuses a selector that matches no series before it creates anything: wait for
  // Prometheus's first scrape of both tracks, as a production Prometheus would long have done.
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((done) => setTimeout(done, 200))) {
    const answer = (await (await fetch(`${prometheus.url}/api/v1/query?query=${encodeURIComponent('count(app_request_errors_total) >= 2')}`)).json()) as { data?: { result?: unknown[] } };
    if ((answer.data?.result?.length ?? 0) > 0) break;
  }
}, 60_000);
afterAll(async () => {
  await prometheus?.stop();
  await haproxy?.stop();
  await canaryApp?.close();
  await stableApp?.close();
});
beforeEach(async () => {
  failEvery = 0;
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
  baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'success' }] }).id;
});
afterEach(async () => {
  await emulator?.close();
});

/** Users: `perSecond` requests a second through HAProxy until stopped. */
function userTraffic(perSecond: number): { stop(): void } {
  const timer = setInterval(() => {
    for (let i = 0; i < perSecond / 50; i++) void fetch(`${haproxy.url}/`).then((r) => r.arrayBuffer()).catch(() => undefined);
  }, 20);
  return { stop: () => clearInterval(timer) };
}

const inputs = (extra: Record<string, string> = {}) => ({
  sha: SHA,
  environment: 'production',
  steps: '10:2s,25:2s,50:2s,100',
  interval: '2s',
  'min-requests': '30',
  router: 'haproxy',
  'haproxy-socket': haproxy.socket,
  'haproxy-backend': haproxy.backend,
  'haproxy-canary-server': 'canary',
  'haproxy-stable-server': 'stable',
  'prometheus-url': prometheus.url,
  'error-rate-query': 'app_request_errors_total{track="{{track}}"}',
  'latency-query': 'app_request_duration_seconds{track="{{track}}"}',
  'slow-threshold': '250ms',
  ...extra,
});

async function canaryRun(extra: Record<string, string> = {}, traffic = 400) {
  const users = traffic > 0 ? userTraffic(traffic) : undefined;
  try {
    return await runAction('canary-step', { apiUrl: emulator.url, cwd: scratchDir(), inputs: inputs(extra), timeoutMs: 55_000 });
  } finally {
    users?.stop();
  }
}

const lastStatus = () => {
  const [deployment] = emulator.deployments.filter((d) => d.id !== baselineId);
  return deployment && emulator.statusesOf(deployment.id)[0];
};

/** The canary's share of 200 requests sent through HAProxy now. */
async function canaryShareNow(): Promise<number> {
  const before = canaryApp.served.requests;
  const beforeStable = stableApp.served.requests;
  for (let i = 0; i < 200; i++) await (await fetch(`${haproxy.url}/`)).arrayBuffer();
  const canary = canaryApp.served.requests - before;
  return (canary / (canary + stableApp.served.requests - beforeStable)) * 100;
}

describe('canary-step (bundled) judged from real Prometheus, traffic through real HAProxy', () => {
  it('promotes a healthy canary', async () => {
    const run = await canaryRun();
    expect(run.errors, run.stdout).toEqual([]);
    expect(run.outputs).toMatchObject({ decision: 'promoted', weight: '100', step: '4/4' });
    expect(lastStatus()).toMatchObject({ state: 'success' });
    expect(await canaryShareNow()).toBe(100);
  });

  it('aborts a canary failing 20 % of its requests at the first step, and users are back on stable', async () => {
    failEvery = 5;
    const run = await canaryRun();
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/aborted at step 1\/4 \(10%\), traffic back on stable: canary error rate/)]);
    expect(run.outputs).toMatchObject({ decision: 'aborted', weight: '0', step: '1/4' });
    expect(lastStatus()).toMatchObject({ state: 'failure', description: expect.stringMatching(/^shipgate: rolled back: canary error rate/) });
    expect(await canaryShareNow()).toBe(0);
  });

  it('never promotes a canary that gets no traffic', async () => {
    const run = await canaryRun({ 'max-step-wait': '3s' }, 0);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/held at step 1\/4 \(10%\), traffic held at 10% for you to inspect: not enough data after 3\.\ds at 10%: 0 canary and 0 baseline requests/)]);
    expect(lastStatus()).toMatchObject({ state: 'failure' });
    expect(emulator.deployments.flatMap((d) => emulator.statusesOf(d.id)).filter((s) => s.state === 'success')).toHaveLength(1);
  });
});

describe('canary-step mode: advance (bundled) judged from real Prometheus', () => {
  /** Invocations every `gapMs` with users sending traffic all along; stops at the first that is not in progress. */
  async function advanceRun(gapMs: number, maxInvocations = 6) {
    const users = userTraffic(400);
    const decisions: string[] = [];
    try {
      for (let i = 0; i < maxInvocations; i++) {
        if (i > 0) await new Promise((done) => setTimeout(done, gapMs));
        const run = await runAction('canary-step', { apiUrl: emulator.url, cwd: scratchDir(), inputs: inputs({ mode: 'advance', steps: '10:2s,50:2s,100' }), env: { GITHUB_RUN_ID: String(900 + i) } });
        decisions.push(run.outputs.decision as string);
        if (run.outputs.decision !== 'in-progress') return { run, decisions };
      }
      throw new Error(`still in progress after ${maxInvocations} invocations: ${decisions.join(', ')}`);
    } finally {
      users.stop();
    }
  }

  it('promotes a healthy canary over invocations, each reading Prometheus over the time since the previous one', async () => {
    const { run, decisions } = await advanceRun(2200);
    expect(decisions).toEqual(['in-progress', 'in-progress', 'promoted']);
    expect(run.outputs).toMatchObject({ decision: 'promoted', weight: '100' });
    expect(await canaryShareNow()).toBe(100);
    // Each invocation's poll covered its whole gap: requests counted at 10 % of ~400/s for ~2 s or more.
    const [deployment] = emulator.deployments.filter((d) => d.id !== baselineId);
    const polled = emulator.statusesOf(deployment!.id).map((s) => /poll=c(\d+)\./.exec(s.description)?.[1]).filter(Boolean).map(Number);
    expect(polled).toHaveLength(2);
    expect(Math.min(...polled)).toBeGreaterThanOrEqual(40);
  });

  it('aborts a canary failing 20 % of its requests at the first judged invocation', async () => {
    failEvery = 5;
    const { run, decisions } = await advanceRun(2200);
    expect(decisions).toEqual(['in-progress', 'aborted']);
    expect(run.errors).toEqual([expect.stringMatching(/aborted at step 1\/3 \(10%\), traffic back on stable: canary error rate/)]);
    expect(await canaryShareNow()).toBe(0);
  });
});
