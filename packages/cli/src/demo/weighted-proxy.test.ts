import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runDemoApp } from './demo-app-command';
import { parseWeight, startWeightedProxy, WeightedChooser, type WeightedProxy } from './weighted-proxy';

describe('WeightedChooser', () => {
  const picks = (chooser: WeightedChooser, n: number) => Array.from({ length: n }, () => chooser.next());

  it.each([0, 1, 10, 25, 50, 99, 100])('sends exactly %i of every 100 requests to the canary', (weight) => {
    const chooser = new WeightedChooser(weight);
    for (let round = 0; round < 3; round++) expect(picks(chooser, 100).filter((track) => track === 'canary')).toHaveLength(weight);
  });

  it('spreads the canary share evenly instead of sending it in one burst', () => {
    const chooser = new WeightedChooser(25);
    expect(picks(chooser, 8)).toEqual(['stable', 'stable', 'stable', 'canary', 'stable', 'stable', 'stable', 'canary']);
  });

  it('takes a new weight from the next request on', () => {
    const chooser = new WeightedChooser(100);
    expect(picks(chooser, 3)).toEqual(['canary', 'canary', 'canary']);
    chooser.set(0);
    expect(picks(chooser, 50)).not.toContain('canary');
    expect(chooser.current).toBe(0);
  });

  it('refuses a weight that is not a percentage', () => {
    for (const weight of [-1, 101, Number.NaN]) expect(() => new WeightedChooser(weight)).toThrow(/percentage from 0 to 100/);
  });
});

describe('parseWeight', () => {
  it('reads 25, 25% and 12.5; refuses anything else', () => {
    expect([parseWeight('25'), parseWeight(' 25%\n'), parseWeight('12.5')]).toEqual([25, 25, 12.5]);
    for (const text of ['', 'abc', '101', '-5', '25 50']) expect(parseWeight(text)).toBeUndefined();
  });
});

describe('the demo proxy', () => {
  const servers: Server[] = [];
  let proxy: WeightedProxy | undefined;
  afterEach(async () => {
    await proxy?.close();
    proxy = undefined;
    await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
    vi.restoreAllMocks();
  });

  /** An upstream answering its name, as the demo's app processes answer their version. */
  async function upstream(name: string): Promise<number> {
    const server = createServer((req, res) => res.end(name));
    servers.push(server);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return (server.address() as AddressInfo).port;
  }

  async function answers(url: string, n: number): Promise<string[]> {
    const bodies: string[] = [];
    for (let i = 0; i < n; i++) bodies.push(await (await fetch(url)).text()); // in order: the weighting is per request
    return bodies;
  }

  const count = (bodies: string[], name: string) => bodies.filter((body) => body === name).length;

  it('sends the weight in force to the canary, and takes a new weight on its admin endpoint', async () => {
    proxy = await startWeightedProxy({ stable: await upstream('stable'), canary: await upstream('canary') }, 25);
    expect(count(await answers(proxy.url, 40), 'canary')).toBe(10);

    const set = await fetch(`${proxy.adminUrl}/weight`, { method: 'PUT', body: '50' });
    expect(set.status).toBe(200);
    expect((await (await fetch(`${proxy.adminUrl}/weight`)).text()).trim()).toBe('50');
    expect(count(await answers(proxy.url, 40), 'canary')).toBe(20);
    expect(proxy.served).toEqual({ stable: 50, canary: 30 });
  });

  it('refuses a weight that is not a percentage and keeps the one in force', async () => {
    proxy = await startWeightedProxy({ stable: await upstream('stable'), canary: await upstream('canary') }, 10);
    const refused = await fetch(`${proxy.adminUrl}/weight`, { method: 'PUT', body: '150' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("not '150'");
    expect(proxy.weight).toBe(10);
  });

  it('answers 502 when the chosen upstream is down', async () => {
    const stable = await upstream('stable');
    const gone = await upstream('gone');
    await new Promise((done) => servers.pop()?.close(done));
    proxy = await startWeightedProxy({ stable, canary: gone }, 100);
    const answer = await fetch(proxy.url);
    expect(answer.status).toBe(502);
    expect(await answer.text()).toContain('the canary upstream did not answer');
  });

  it('is moved by `demo-app set-weight`, the router command canary-step and rollback run', async () => {
    proxy = await startWeightedProxy({ stable: await upstream('stable'), canary: await upstream('canary') });
    const printed = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await runDemoApp(['set-weight', '--admin', proxy.adminUrl, '--weight', '25'], 'unused')).toBe(0);
    expect(proxy.weight).toBe(25);
    expect(await runDemoApp(['get-weight', '--admin', proxy.adminUrl], 'unused')).toBe(0);
    expect(printed.mock.calls.at(-1)).toEqual(['25']);
    await expect(runDemoApp(['set-weight', '--admin', proxy.adminUrl, '--weight', 'lots'], 'unused')).rejects.toThrow(/percentage from 0 to 100/);
    expect(proxy.weight).toBe(25);
  });
});
