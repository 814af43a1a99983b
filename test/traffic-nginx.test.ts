import { readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { createRouter, type TrafficRouter } from '@shipgate/traffic';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNginx, type NginxServer } from './helpers/nginx-server';
import { canaryShare, expectWeightsHonoured } from './helpers/router-shares';
import { startTrackApps, type TrackApps } from './helpers/track-apps';

let apps: TrackApps;
let nginx: NginxServer;
const logs: string[] = [];

const routerWith = (overrides: Record<string, string> = {}): TrafficRouter => {
  const values: Record<string, string> = {
    'nginx-config': nginx.upstreamFile,
    'nginx-test-command': nginx.testCommand,
    'nginx-reload-command': nginx.reloadCommand,
    ...overrides,
  };
  return createRouter('nginx', (name) => values[name] ?? '', { timeoutMs: 10_000, log: (line) => logs.push(line), stdout: new PassThrough(), stderr: new PassThrough() });
};

/** The canary's share, in percent, of `requests` requests sent through nginx. */
beforeAll(async () => {
  apps = await startTrackApps();
  nginx = await startNginx({ stable: apps.stable.port, canary: apps.canary.port });
});

afterAll(async () => {
  await nginx?.stop();
  await apps?.close();
});

describe('nginx router against real nginx', () => {
  it('sends the weight set to the canary, exactly at 0 % and 100 %, and reads it back', async () => {
    const router = routerWith();
    await expectWeightsHonoured(router, apps, nginx.url, () => nginx.settled());
    expect(logs.at(-1)).toMatch(/nginx router: canary weight 100% written to .*upstream\.conf, config tested and reloaded/);
  });

  it('keeps the old config serving when the config test fails', async () => {
    const router = routerWith();
    await router.setWeight(10);
    await nginx.settled();
    const upstreamBefore = readFileSync(nginx.upstreamFile, 'utf8');
    const mainConfig = readFileSync(nginx.mainConfig, 'utf8');
    // Someone broke another part of the config since nginx last loaded it.
    writeFileSync(nginx.mainConfig, mainConfig.replace('access_log off;', 'access_log off;\n    proxy_pas http://app;'));
    try {
      await expect(router.setWeight(50)).rejects.toThrow(
        /^Input 'nginx-config' could not set the canary weight to 50%: the config test \(nginx -t .*\) failed, so nginx was not reloaded: command exited with code 1: .*unknown directive "proxy_pas".*; .*upstream\.conf is back as it was and the previous weight \(10% canary\) is still in force$/,
      );
    } finally {
      writeFileSync(nginx.mainConfig, mainConfig);
    }
    expect(readFileSync(nginx.upstreamFile, 'utf8')).toBe(upstreamBefore);
    expect(Math.abs((await canaryShare(apps, nginx.url, 1000)) - 10)).toBeLessThanOrEqual(3);
    expect(await router.getWeight()).toBe(10);
  });

  it('keeps the old config serving when the reload fails', async () => {
    const router = routerWith({ 'nginx-reload-command': nginx.reloadCommand.replace(/-c \S+/, `-c ${nginx.dir}/elsewhere.conf`) });
    const upstreamBefore = readFileSync(nginx.upstreamFile, 'utf8');
    await expect(router.setWeight(50)).rejects.toThrow(
      /^Input 'nginx-reload-command' could not set the canary weight to 50%: the reload failed: command exited with code 1: nginx: \[emerg\] open\(\) .*elsewhere\.conf" failed.*; .*upstream\.conf is back as it was and the previous weight \(10% canary\) is still in force$/,
    );
    expect(readFileSync(nginx.upstreamFile, 'utf8')).toBe(upstreamBefore);
    expect(Math.abs((await canaryShare(apps, nginx.url, 1000)) - 10)).toBeLessThanOrEqual(3);
  });

  it('refuses a missing upstream file or one without marked servers, naming nginx-config', () => {
    expect(() => routerWith({ 'nginx-config': `${nginx.dir}/missing.conf` })).toThrow(/^Input 'nginx-config' must be the upstream file shipgate rewrites; .*missing\.conf does not exist$/);
    expect(() => routerWith({ 'nginx-config': nginx.mainConfig })).toThrow(/^Input 'nginx-config' \(.*nginx\.conf\) has no server line marked '# canary' or '# stable'/);
  });
});
