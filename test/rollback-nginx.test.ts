import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startNginx, type NginxServer } from './helpers/nginx-server';
import { canaryShare } from './helpers/router-shares';
import { runAction, scratchDir } from './helpers/run-action';
import { startTrackApps, type TrackApps } from './helpers/track-apps';
import { createRouter } from '@shipgate/traffic';
import { PassThrough } from 'node:stream';
import { request } from 'undici';

const GOOD = '1'.repeat(40);

/** Which app served one request sent on a new connection. */
async function trackOf(url: string): Promise<string> {
  const response = await request(`${url}/`, { headers: { connection: 'close' } });
  await response.body.dump();
  return String(response.headers['x-track']);
}
const CANARY = '2'.repeat(40);

let apps: TrackApps;
let nginx: NginxServer;
let emulator: Emulator;

beforeAll(async () => {
  apps = await startTrackApps();
  nginx = await startNginx({ stable: apps.stable.port, canary: apps.canary.port });
});
afterAll(async () => {
  await nginx?.stop();
  await apps?.close();
});
beforeEach(async () => {
  emulator = await startEmulator();
  for (const sha of [GOOD, CANARY]) emulator.addCommit({ sha, tree: `e${sha.slice(1)}`, parents: [], message: sha[0] });
});
afterEach(async () => {
  await emulator.close();
});

describe('rollback with the nginx router (bundled, real nginx, emulator)', () => {
  it('takes a canary at 100 % back to 0 % in steps 50,10,0, health-checked through nginx, and closes the canary deployment', async () => {
    const quiet = { timeoutMs: 10_000, log: () => {}, stdout: new PassThrough(), stderr: new PassThrough() };
    const nginxInputs: Record<string, string> = { 'nginx-config': nginx.upstreamFile, 'nginx-test-command': nginx.testCommand, 'nginx-reload-command': nginx.reloadCommand };
    await createRouter('nginx', (name) => nginxInputs[name] ?? '', quiet).setWeight(100);
    await nginx.settled();
    expect(await canaryShare(apps, nginx.url, 200)).toBe(100);
    emulator.seedDeployment({ sha: GOOD, environment: 'production', payload: { shipgate: { kind: 'deploy', version: 'v1' } }, createdAt: new Date(Date.now() - 60_000), statuses: [{ state: 'success' }] });
    const canary = emulator.seedDeployment({ sha: CANARY, environment: 'production', payload: { shipgate: { kind: 'canary', version: 'v2' } }, createdAt: new Date(Date.now() - 30_000), statuses: [{ state: 'in_progress' }] });

    const run = await runAction('rollback', {
      apiUrl: emulator.url,
      cwd: scratchDir(),
      inputs: { router: 'nginx', ...nginxInputs, steps: '50,10,0', 'health-url': `${nginx.url}/`, reason: 'canary p99 400ms' },
    });

    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': CANARY, 'rolled-back-to': GOOD, status: 'success' });
    // `nginx -s reload` returns before the master has replaced its workers (three reloads here),
    // and on a loaded machine an old worker can still take a new connection for a moment: allow
    // up to 10 s for every one of a batch of 200 new connections to reach stable.
    const deadline = Date.now() + 10_000;
    let tracks: string[] = [];
    do tracks = await Promise.all(Array.from({ length: 200 }, () => trackOf(nginx.url)));
    while (tracks.some((track) => track !== 'stable') && Date.now() < deadline);
    expect(tracks.filter((track) => track !== 'stable')).toEqual([]);
    expect(run.summary).toContain('nginx router: 0% canary, 100% stable');
    expect(emulator.statusesOf(canary.id)[0]).toMatchObject({ state: 'failure', description: 'shipgate: rolled back: canary p99 400ms' });
  });
});
