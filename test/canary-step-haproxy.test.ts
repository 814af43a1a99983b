import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from './emulator';
import { startCanaryApps, type CanaryApps } from './helpers/canary-apps';
import { startHaproxy, type HaproxyServer } from './helpers/haproxy-server';
import { runAction, scratchDir } from './helpers/run-action';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

let apps: CanaryApps;
let haproxy: HaproxyServer;

beforeAll(async () => {
  apps = await startCanaryApps();
  haproxy = await startHaproxy({ stable: apps.stable.port, canary: apps.canary.port });
});
afterAll(async () => {
  await haproxy?.stop();
  await apps?.close();
});

describe('canary-step (bundled) with router: haproxy, names HAProxy does not know', () => {
  it.each([
    [{ 'haproxy-canary-server': 'canaryy' }, /^canary-step: Input 'haproxy-canary-server' names no server of that backend: HAProxy answered 'get weight app\/canaryy' with 'No such server\.'$/],
    [{ 'haproxy-backend': 'nosuch' }, /^canary-step: Input 'haproxy-backend' names no backend HAProxy knows: HAProxy answered 'get weight nosuch\/canary' with 'No such backend\.'$/],
  ])('%o is one input error before any deployment is created', async (extra, message) => {
    const emulator = await startEmulator();
    try {
      emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
      emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
      const baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'success' }] }).id;
      const work = scratchDir('shipgate-canary-haproxy-');
      writeFileSync(join(work, 'metrics.mjs'), `console.log(JSON.stringify({ canary: { requests: 100, errors: 0, slow: 0 }, baseline: { requests: 100, errors: 0, slow: 0 } }));\n`);
      const run = await runAction('canary-step', {
        apiUrl: emulator.url,
        cwd: work,
        inputs: {
          sha: SHA,
          environment: 'production',
          steps: '10:1s,50:1s,100',
          interval: '1s',
          router: 'haproxy',
          'haproxy-socket': haproxy.socket,
          'haproxy-backend': haproxy.backend,
          'haproxy-canary-server': 'canary',
          'haproxy-stable-server': 'stable',
          'metrics-command': `node ${join(work, 'metrics.mjs')}`,
          ...extra,
        },
      });
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([expect.stringMatching(message)]);
      expect(run.warnings).toEqual([]);
      expect(emulator.deployments.filter((d) => d.id !== baselineId)).toEqual([]);
    } finally {
      await emulator.close();
    }
  });
});
