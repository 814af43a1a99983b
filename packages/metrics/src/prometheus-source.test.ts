import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrometheusSource } from './prometheus-source';

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** A stand-in for Prometheus's query API: records each query, answers with `answer(query)`. */
async function fakePrometheus(answer: (query: string) => { status: number; body: unknown }): Promise<{ url: string; queries: string[] }> {
  const queries: string[] = [];
  server = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://x').searchParams.get('query') ?? '';
    queries.push(query);
    const { status, body } = answer(query);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server?.address() as AddressInfo).port}`, queries };
}

const vector = (series: Array<[Record<string, string>, string]>) => ({ status: 'success', data: { resultType: 'vector', result: series.map(([metric, value]) => ({ metric, value: [0, value] })) } });
const buckets = vector([
  [{ le: '0.1' }, '90'],
  [{ le: '0.25' }, '99'],
  [{ le: '+Inf' }, '100'],
]);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('prometheus metric source (stand-in API; real Prometheus in test/metrics-prometheus.test.ts)', () => {
  it('builds increase() queries per track and, after a window with no data, covers it in the next read', async () => {
    let failing = true;
    const prometheus = await fakePrometheus((query) =>
      failing ? { status: 503, body: { status: 'error', errorType: 'unavailable', error: 'overloaded' } } : query.includes('_bucket') ? { status: 200, body: buckets } : { status: 200, body: vector([[{}, '2']]) },
    );
    const values: Record<string, string> = {
      'prometheus-url': prometheus.url,
      'error-rate-query': 'http_requests_total{code=~"5..",track="{{track}}"}',
      'latency-query': 'http_request_duration_seconds{track="{{track}}"}',
      'slow-threshold': '200ms',
    };
    const source = createPrometheusSource((name) => values[name] ?? '', { timeoutMs: 2000, log: () => {} });
    await sleep(200);
    expect(await source.read()).toMatchObject({ kind: 'no-data', reason: 'error-rate-query for canary: query failed: overloaded' });
    await sleep(200);
    failing = false;
    const reading = await source.read();
    expect(reading).toMatchObject({
      kind: 'data',
      canary: { requests: 100, errors: 2, slow: 1 },
      baseline: { requests: 100, errors: 2, slow: 1 },
      slowCutMs: 250, // 200 ms rounded up to the bucket boundary
    });
    expect(reading.windowMs).toBeGreaterThanOrEqual(400);
    const last = prometheus.queries.slice(-4);
    expect(last[0]).toMatch(/^sum\(increase\(http_requests_total\{code=~"5\.\.",track="canary"\}\[(\d+)ms\]\)\)$/);
    expect(last[1]).toMatch(/^sum by \(le\) \(increase\(http_request_duration_seconds_bucket\{track="canary"\}\[\d+ms\]\)\)$/);
    expect(last[2]).toContain('track="baseline"');
    expect(Number(/\[(\d+)ms\]/.exec(last[0] as string)?.[1])).toBeGreaterThanOrEqual(400);
  });
});

describe('prometheus metric source resumed by canary-step mode: advance', () => {
  it('reads the first window over the time since the previous invocation', async () => {
    const prometheus = await fakePrometheus((query) => (query.includes('_bucket') ? { status: 200, body: buckets } : { status: 200, body: vector([[{}, '0']]) }));
    const values: Record<string, string> = {
      'prometheus-url': prometheus.url,
      'error-rate-query': 'errors_total{track="{{track}}"}',
      'latency-query': 'duration_seconds{track="{{track}}"}',
      'slow-threshold': '200ms',
    };
    const source = createPrometheusSource((name) => values[name] ?? '', { timeoutMs: 2000, log: () => {} });
    await source.start({ coversMs: 600_000 });
    const reading = await source.read();
    expect(reading.windowMs).toBeGreaterThanOrEqual(600_000);
    expect(reading.windowMs).toBeLessThan(605_000);
    expect(Number(/\[(\d+)ms\]/.exec(prometheus.queries.at(-1) as string)?.[1])).toBeGreaterThanOrEqual(600_000);
  });
});
