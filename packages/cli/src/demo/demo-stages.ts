import { quote } from 'shell-quote';
import { LocalRecords } from '@shipgate/records';
import type { CliIO } from '../cli-io';
import { startDemoApp, stopSlot } from './demo-app-launcher';
import type { DemoRelease } from './demo-repo';
import { describeServed, pageView, type UserTraffic } from './user-traffic';
import type { WeightedProxy } from './weighted-proxy';

/** What a stage saw: whether it behaved as shipgate promises, in one line. */
export interface StageOutcome {
  expected: boolean;
  detail: string;
}

export interface Stage {
  title: string;
  run: () => Promise<StageOutcome>;
}

/** Everything the stages drive: the repo, the app slots' ports, the proxy, the users, the CLI. */
export interface DemoWorld {
  dir: string;
  repo: string;
  recordsFile: string;
  self: string;
  releases: readonly [DemoRelease, DemoRelease, DemoRelease];
  ports: { staging: number; stable: number; canary: number };
  proxy: WeightedProxy;
  users: UserTraffic;
  /** Runs one shipgate command exactly as `shipgate <command> --<input> <value>` would. */
  shipgate: (command: string, inputs: Record<string, string>) => Promise<{ ok: boolean; io: CliIO }>;
}

/**
 * The canary's settings: probes at 50/s on each arm give each 2 s step ~100 requests per arm
 * (min-requests 50 with room for a loaded machine); v3's one failure in four on `/` breaks the
 * 5 % limit (and the harm test) within the first second of step 1, while a healthy release's
 * rare stray error cannot. Slow requests count from 1 s: the demo judges errors, not the
 * scheduling noise of a shared laptop.
 */
const CANARY = {
  steps: '25,50,100',
  interval: '2s',
  'probe-path': '/',
  'probe-rate': '50/s',
  'min-requests': '50',
  'max-error-rate': '5%',
  'slow-threshold': '1s',
  'max-step-wait': '10s',
};

const SMOKE_CHECKS = `
checks:
  - name: health
    path: /health
    expect: { status: 200, json: { status: ok } }
  - name: initialize
    path: /api/v1/initialize
    expect: { status: 2xx, json: { initialized: true }, max-latency: 1s }
load: { path: /health }
`;

const short = (sha: string | undefined) => (sha ?? '').slice(0, 7);

export function demoStages(world: DemoWorld): Stage[] {
  const { dir, repo, self, ports, proxy, users, shipgate } = world;
  const [v1, v2, v3] = world.releases;
  const cli = (...args: string[]) => quote([process.execPath, self, ...args]);
  const deployCommand = (slot: string, port: number) => cli('demo-app', 'start', '--dir', dir, '--repo', repo, '--slot', slot, '--sha', '{sha}', '--port', String(port), '--parent', String(process.pid));
  const router = {
    'set-weight-command': cli('demo-app', 'set-weight', '--admin', proxy.adminUrl, '--weight', '{weight}'),
    'get-weight-command': cli('demo-app', 'get-weight', '--admin', proxy.adminUrl),
  };
  const stagingUrl = `http://127.0.0.1:${ports.staging}`;
  const local = { 'github-token': '' };

  const deployStaging = async (release: DemoRelease): Promise<StageOutcome> => {
    const { ok, io } = await shipgate('staging-deploy', {
      ...local,
      ref: release.sha,
      version: release.version,
      command: deployCommand('staging', ports.staging),
      url: stagingUrl,
      'health-url': `${stagingUrl}/health`,
      'health-timeout': '10s',
    });
    const previous = io.outputs['previous-sha'] ? `; previous good: ${short(io.outputs['previous-sha'])}` : '';
    return { expected: ok && io.outputs.status === 'success', detail: `deployment #${io.outputs['deployment-id']} ${io.outputs.status}, healthy at ${stagingUrl}${previous}` };
  };
  const smokeStaging = async (release: DemoRelease, note = ''): Promise<StageOutcome> => {
    const { ok, io } = await shipgate('smoke-test', {
      ...local,
      environment: 'staging',
      sha: release.sha,
      checks: SMOKE_CHECKS,
      'wait-timeout': '10s',
      'load-requests': '200',
      'load-concurrency': '10',
      thresholds: 'error-rate<1%, p99<1s',
    });
    const o = io.outputs;
    return {
      expected: ok && o.passed === 'true',
      detail: `passed=${o.passed}: checks ${o['checks-passed'] || 'none'}; ${o.requests} requests, error rate ${o['error-rate']}, p99 ${o['p99-ms']} ms${note}`,
    };
  };
  const gate = (release: DemoRelease) => shipgate('staging-gate-check', { ...local, sha: release.mainSha, fail: 'false' });
  const promoteThroughGate = async (release: DemoRelease): Promise<StageOutcome> => {
    const { io } = await gate(release);
    return { expected: io.outputs.validated === 'true' && io.outputs['validated-sha'] === release.sha, detail: `validated=${io.outputs.validated}: ${io.outputs.reason}` };
  };
  const canary = async (release: DemoRelease) => {
    // The platform starts the new release next to stable; canary-step moves users onto it.
    await startDemoApp({ dir, repo, self, parent: process.pid, slot: 'production-canary', sha: release.mainSha, port: ports.canary });
    users.take();
    const result = await shipgate('canary-step', {
      ...local,
      ...CANARY,
      ...router,
      environment: 'production',
      sha: release.mainSha,
      'canary-url': `http://127.0.0.1:${ports.canary}`,
      'baseline-url': `http://127.0.0.1:${ports.stable}`,
    });
    return { ...result, served: describeServed(users.take()) };
  };

  return [
    {
      title: `${v1.version} runs in production, behind the weighted proxy`,
      run: async () => {
        const { ok, io } = await shipgate('staging-deploy', {
          ...local,
          environment: 'production',
          production: 'true',
          ref: v1.mainSha,
          version: v1.version,
          command: deployCommand('production-stable', ports.stable),
          url: proxy.url,
          'health-url': `${proxy.url}/health`,
          'health-timeout': '10s',
        });
        users.start();
        return {
          expected: ok && io.outputs.status === 'success' && proxy.weight === 0,
          detail: `deployment #${io.outputs['deployment-id']} ${io.outputs.status}; users reach it at ${proxy.url} (canary weight ${proxy.weight} %)`,
        };
      },
    },
    { title: `deploy ${v2.version} to staging`, run: () => deployStaging(v2) },
    { title: `smoke-test ${v2.version} on staging`, run: () => smokeStaging(v2) },
    { title: `gate: promote main's merge of ${v2.version} (${short(v2.mainSha)}) to production`, run: () => promoteThroughGate(v2) },
    {
      title: `canary ${v2.version} in production (25 % → 50 % → 100 %)`,
      run: async () => {
        const { ok, io, served } = await canary(v2);
        const o = io.outputs;
        const expected = ok && o.decision === 'promoted' && o.weight === '100' && proxy.weight === 100;
        if (expected) {
          // Promoted: the platform makes the new release the stable one and frees the canary slot.
          await startDemoApp({ dir, repo, self, parent: process.pid, slot: 'production-stable', sha: v2.mainSha, port: ports.stable });
          proxy.setWeight(0);
          await stopSlot(dir, 'production-canary');
        }
        return {
          expected,
          detail: `${o.reason ?? 'no decision'}; users saw ${served}${expected ? `; ${v2.version} is now the stable release` : ''}`,
        };
      },
    },
    { title: `deploy ${v3.version} to staging`, run: () => deployStaging(v3) },
    { title: `smoke-test ${v3.version} on staging`, run: () => smokeStaging(v3, ` (its bug is on /, which the smoke checks do not load)`) },
    { title: `gate: promote main's merge of ${v3.version} (${short(v3.mainSha)}) to production`, run: () => promoteThroughGate(v3) },
    {
      title: `canary ${v3.version} in production, aborted by the judge`,
      run: async () => {
        const { ok, io, served } = await canary(v3);
        const o = io.outputs;
        return {
          expected: !ok && o.decision === 'aborted' && o.step?.startsWith('1/') === true && o.weight === '0' && proxy.weight === 0,
          detail: `${o.reason ?? 'no decision'}; the proxy's canary weight is ${proxy.weight} %; users saw ${served}`,
        };
      },
    },
    {
      title: `rollback: restore ${v2.version} in production`,
      run: async () => {
        const { ok, io } = await shipgate('rollback', {
          ...local,
          ...router,
          environment: 'production',
          command: deployCommand('production-stable', ports.stable),
          'health-url': `${proxy.url}/health`,
          'health-timeout': '10s',
          reason: `${v3.version} failed its canary`,
        });
        await stopSlot(dir, 'production-canary');
        const views = await Promise.all(Array.from({ length: 20 }, () => pageView(proxy.url)));
        const fromV2 = views.filter((view) => view.version === v2.version && !view.failed).length;
        const o = io.outputs;
        return {
          expected: ok && o.status === 'success' && o['rolled-back-to'] === v2.mainSha && fromV2 === views.length,
          detail: `deployment #${o['deployment-id']} ${o.status} in ${o['duration-ms']} ms, ${short(o['rolled-back-from'])} → ${short(o['rolled-back-to'])}; ${fromV2} of ${views.length} page views answered by ${v2.version}`,
        };
      },
    },
    {
      title: `gate: try to promote ${v3.version} again`,
      run: async () => {
        const { io } = await gate(v3);
        return { expected: io.outputs.validated === 'false' && /rolled back/.test(io.outputs.reason ?? ''), detail: `refused as expected: ${io.outputs.reason}` };
      },
    },
    {
      title: 'nothing left in progress',
      run: async () => {
        const store = new LocalRecords(world.recordsFile, repo);
        const open: number[] = [];
        for (const environment of ['staging', 'production']) {
          for (const deployment of await store.listDeployments({ environment })) {
            const latest = (await store.listStatuses(deployment.id))[0];
            if (!latest || ['in_progress', 'queued', 'pending'].includes(latest.state)) open.push(deployment.id);
          }
        }
        return { expected: open.length === 0, detail: open.length === 0 ? 'every deployment has a final status' : `still open: ${open.map((id) => `#${id}`).join(', ')}` };
      },
    },
  ];
}
