import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricSource } from './metric-source';
import { createProbeSource, parseProbeRate } from './probe-source';

const servers: Server[] = [];
const sources: MetricSource[] = [];
afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.close()));
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => (server.closeAllConnections(), server.close(done)))));
});

/** A local app: the nth request (1-based) gets `answer(n)`: a status and a delay. */
async function app(answer: (n: number) => { status: number; delayMs: number }): Promise<{ url: string; paths: string[] }> {
  let n = 0;
  const paths: string[] = [];
  const server = createServer((req, res) => {
    paths.push(req.url ?? '');
    const { status, delayMs } = answer(++n);
    setTimeout(() => res.writeHead(status).end('ok'), delayMs);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
}

const logs: string[] = [];
function source(values: Record<string, string>, calibrationRequests?: number): MetricSource {
  const created = createProbeSource((name) => values[name] ?? '', { timeoutMs: 2000, log: (line) => logs.push(line) }, { calibrationRequests });
  sources.push(created);
  return created;
}
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('probe metric source', () => {
  it('sends interleaved probes to both URLs and counts 5xx as errors and requests over the cut as slow', async () => {
    // The canary fails every 5th request and is slow (60 ms) on every 4th.
    const canary = await app((n) => ({ status: n % 5 === 0 ? 503 : n % 7 === 0 ? 404 : 200, delayMs: n % 4 === 0 ? 60 : 0 }));
    const baseline = await app(() => ({ status: 200, delayMs: 0 }));
    const probe = source({ 'canary-url': canary.url, 'baseline-url': `${baseline.url}/`, 'probe-path': '/health?deep=1', 'probe-rate': '100/s', 'slow-threshold': '30ms' });
    await probe.start();
    await sleep(1000);
    const reading = await probe.read();
    expect(reading.kind).toBe('data');
    if (reading.kind !== 'data') return;
    const { canary: c, baseline: b } = reading;
    expect(c.requests).toBeGreaterThanOrEqual(60);
    expect(c.requests).toBeLessThanOrEqual(110);
    expect(Math.abs(c.requests - (b as { requests: number }).requests)).toBeLessThanOrEqual(8);
    // 404 is the app's answer, not a failure; 503 is.
    expect(Math.abs(c.errors - c.requests / 5)).toBeLessThanOrEqual(2);
    expect(Math.abs(c.slow - c.requests / 4)).toBeLessThanOrEqual(3);
    expect(b?.errors).toBe(0);
    // The baseline answers at once; on a loaded 2-core machine one answer in ~80 can still take
    // over 30 ms, so allow one.
    expect(b?.slow).toBeLessThanOrEqual(1);
    expect(reading.slowCutMs).toBe(30);
    expect(c.p99Ms).toBeGreaterThan(55);
    expect(canary.paths.every((path) => path === '/health?deep=1')).toBe(true);
    expect(baseline.paths[0]).toBe('/health?deep=1');
    // The next read counts only what came after.
    await sleep(300);
    const next = await probe.read();
    expect(next.kind === 'data' && next.canary.requests).toBeLessThan(c.requests);
  });

  it('counts a refused connection as an error, and takes the cut from the baseline before the canary', async () => {
    const baseline = await app((n) => ({ status: 200, delayMs: n === 3 ? 40 : 0 }));
    const closed = await app(() => ({ status: 200, delayMs: 0 }));
    const refusedUrl = closed.url;
    await new Promise((done) => servers.pop()?.close(done));
    const probe = source({ 'canary-url': refusedUrl, 'baseline-url': baseline.url, 'probe-rate': '100/s' }, 10);
    await probe.start();
    expect(logs.at(-1)).toMatch(/^probe: latency cut \d+ms \(the baseline's p99 over 10 requests before the canary\)$/);
    await sleep(400);
    const reading = await probe.read();
    expect(reading.kind === 'data' && reading.canary.requests).toBeGreaterThan(10);
    expect(reading.kind === 'data' && reading.canary.errors).toBe(reading.kind === 'data' && reading.canary.requests);
    expect(reading.kind === 'data' && reading.slowCutMs).toBeGreaterThanOrEqual(40);
  });

  it('refuses bad input, naming it', () => {
    expect(parseProbeRate('10/s')).toBe(10);
    expect(parseProbeRate('600/m')).toBe(10);
    expect(parseProbeRate('2.5')).toBe(2.5);
    expect(() => source({ 'canary-url': 'http://a', 'baseline-url': 'http://b', 'probe-rate': 'fast' })).toThrow(/^Input 'probe-rate' must be requests per second/);
    expect(() => source({ 'baseline-url': 'http://b' })).toThrow(/^Input 'canary-url' is required/);
    expect(() => source({ 'canary-url': 'ftp://a', 'baseline-url': 'http://b' })).toThrow(/^Input 'canary-url' must be an http or https URL/);
    // Found by test/reliability/fuzz-canary-step-inputs.test.ts: a newline was dropped by new URL(), credentials accepted.
    expect(() => source({ 'canary-url': 'http://a/\n::add-mask::x', 'baseline-url': 'http://b' })).toThrow(/^Input 'canary-url' must be one line without control characters; it holds a newline/);
    expect(() => source({ 'canary-url': 'http://a', 'baseline-url': 'http://user:pw-secret@b/' })).toThrow(/^Input 'baseline-url' must not hold user:password@ credentials; probes send no authentication$/);
    expect(() => source({ 'canary-url': 'http://a', 'baseline-url': 'http://b', 'probe-path': 'health' })).toThrow(/^Input 'probe-path' must be a path/);
    expect(() => source({ 'canary-url': 'http://a', 'baseline-url': 'http://b', 'slow-threshold': 'soon' })).toThrow(/^Input 'slow-threshold' must be a latency/);
  });
});
