import { PassThrough } from 'node:stream';
import { createRouter, runtimeApiCommand, type TrafficRouter } from '@shipgate/traffic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHaproxy, type HaproxyServer } from './helpers/haproxy-server';
import { canaryShare, expectWeightsHonoured } from './helpers/router-shares';
import { startTrackApps, type TrackApps } from './helpers/track-apps';

let apps: TrackApps;
let haproxy: HaproxyServer;
const logs: string[] = [];

const routerWith = (overrides: Record<string, string> = {}): TrafficRouter => {
  const values: Record<string, string> = {
    'haproxy-socket': haproxy.socket,
    'haproxy-backend': 'app',
    'haproxy-canary-server': 'canary',
    'haproxy-stable-server': 'stable',
    ...overrides,
  };
  return createRouter('haproxy', (name) => values[name] ?? '', { timeoutMs: 5000, log: (line) => logs.push(line), stdout: new PassThrough(), stderr: new PassThrough() });
};

beforeAll(async () => {
  apps = await startTrackApps();
  haproxy = await startHaproxy({ stable: apps.stable.port, canary: apps.canary.port });
});

afterAll(async () => {
  await haproxy?.stop();
  await apps?.close();
});

describe('haproxy router against real HAProxy', () => {
  it('sends the weight set to the canary, exactly at 0 % and 100 %, and reads it back', async () => {
    const router = routerWith();
    await expectWeightsHonoured(router, apps, haproxy.url, async () => {});
    expect(logs.at(-1)).toMatch(/haproxy router: canary weight 100% \(app\/canary 100, app\/stable 0\)/);
  });

  it('leaves the previous weights in force when HAProxy refuses a server, naming the input', async () => {
    const router = routerWith();
    await router.setWeight(100);
    // From 100 %: stable comes back from weight 0, and must get its share from the first request.
    await router.setWeight(25);
    await expect(routerWith({ 'haproxy-canary-server': 'v3' }).setWeight(50)).rejects.toThrow(
      "Input 'haproxy-canary-server' names no server of that backend: HAProxy answered 'get weight app/v3' with 'No such server.', so the canary weight could not be set to 50%; nothing was changed",
    );
    expect(await router.getWeight()).toBe(25);
    expect(Math.abs((await canaryShare(apps, haproxy.url, 1000)) - 25)).toBeLessThanOrEqual(3);
    // A static-rr backend takes weight 0 (the canary's half) but refuses the stable server's 100:
    // the canary's half is undone, so the backend serves as before.
    await expect(routerWith({ 'haproxy-backend': 'fixed' }).setWeight(0)).rejects.toThrow(
      /^Input 'haproxy-backend' was refused: HAProxy answered 'set server fixed\/stable weight 100' with 'Backend is using a static LB algorithm.*', so the canary weight could not be set to 0%; the previous weight \(50% canary\) is still in force$/,
    );
    expect(await runtimeApiCommand(haproxy.socket, 'get weight fixed/canary', 5000)).toMatch(/^1 /);
    expect(await runtimeApiCommand(haproxy.socket, 'get weight fixed/stable', 5000)).toMatch(/^1 /);
    await expect(routerWith({ 'haproxy-backend': 'web' }).getWeight()).rejects.toThrow(/^Input 'haproxy-backend' names no backend HAProxy knows: HAProxy answered 'get weight web\/canary' with 'No such backend\.'/);
  });

  it('refuses a missing socket or empty input, naming it', async () => {
    expect(() => routerWith({ 'haproxy-socket': '/nonexistent/admin.sock' })).toThrow(/^Input 'haproxy-socket' must be HAProxy's admin socket .*\/nonexistent\/admin\.sock does not exist$/);
    expect(() => routerWith({ 'haproxy-backend': '' })).toThrow(/^Input 'haproxy-backend' is required when router is haproxy/);
    await expect(routerWith({ 'haproxy-socket': '127.0.0.1:1' }).getWeight()).rejects.toThrow(/^Input 'haproxy-socket' .*127\.0\.0\.1:1: nothing accepts connections there$/);
  });
});
