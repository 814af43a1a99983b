import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck, type HttpCheck } from './http-check';
import { jsonSubsetMismatch } from './json-subset';
import { runLoad } from './load-burst';
import { waitForCheck } from './readiness';

let server: Server;
let base: string;
let hits = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return res.end(JSON.stringify({ status: 'ok', deps: { db: 'up' }, tags: ['a', 'b'] }));
    }
    if (req.url === '/flaky') {
      res.writeHead(hits % 10 === 0 ? 503 : 200);
      return res.end('x');
    }
    if (req.url === '/slow') return void setTimeout(() => res.end('late'), 300);
    if (req.url === '/echo') return void req.pipe(res);
    res.writeHead(404);
    res.end('not found');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const check = (over: Partial<HttpCheck>): HttpCheck => ({ name: 'c', method: 'GET', url: `${base}/health`, headers: {}, expect: { status: '2xx' }, ...over });

describe('runCheck', () => {
  it('passes when every expectation holds', async () => {
    const result = await runCheck(
      check({ expect: { status: [200, 204], json: { status: 'ok', deps: { db: 'up' } }, bodyContains: '"ok"', headers: { 'Content-Type': 'application/json' }, maxLatencyMs: 2000 } }),
      { timeoutMs: 2000 },
    );
    expect(result).toMatchObject({ passed: true, status: 200, failures: [] });
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('lists each unmet expectation', async () => {
    const result = await runCheck(
      check({ expect: { status: 204, json: { status: 'down' }, bodyContains: 'nope', headers: { 'x-version': '2' }, maxLatencyMs: 0 } }),
      { timeoutMs: 2000 },
    );
    expect(result.failures).toEqual([
      'status 200, expected 204',
      expect.stringMatching(/^body does not contain "nope" \(got "\{/),
      'json $.status: expected "down", got "ok"',
      'header x-version missing, expected "2"',
      expect.stringMatching(/^latency .+ over 0ms$/),
    ]);
  });

  it('sends method, headers and body; reports timeouts and refused connections', async () => {
    const echo = await runCheck(check({ method: 'POST', url: `${base}/echo`, body: '{"a":1}', headers: { 'content-type': 'application/json' }, expect: { status: 200, json: { a: 1 } } }), { timeoutMs: 2000 });
    expect(echo.passed).toBe(true);
    expect((await runCheck(check({ url: `${base}/slow` }), { timeoutMs: 50 })).failures).toEqual(['no answer within 50ms']);
    expect((await runCheck(check({ url: 'http://127.0.0.1:9/' }), { timeoutMs: 1000 })).failures).toEqual(['connection refused']);
  });
});

describe('waitForCheck', () => {
  it('returns the last attempt when the target never becomes ready', async () => {
    const { wait, result } = await waitForCheck(check({ url: `${base}/missing` }), { waitTimeoutMs: 300, requestTimeoutMs: 1000, initialDelayMs: 50 });
    expect(wait.ok).toBe(false);
    expect(wait.attempts).toBeGreaterThanOrEqual(3);
    expect(result.failures).toEqual(['status 404, expected 2xx']);
  });
});

describe('jsonSubsetMismatch', () => {
  it('matches nested subsets and arrays element by element', () => {
    const body = { status: 'ok', deps: { db: 'up', cache: 'up' }, tags: ['a', 'b'] };
    expect(jsonSubsetMismatch({ deps: { db: 'up' }, tags: ['a', 'b'] }, body)).toBeUndefined();
    expect(jsonSubsetMismatch({ deps: { queue: 'up' } }, body)).toBe('$.deps.queue: missing');
    expect(jsonSubsetMismatch({ tags: ['a'] }, body)).toBe('$.tags: expected 1 items, got 2');
    expect(jsonSubsetMismatch({ 'x-y': 1 }, body)).toBe('$["x-y"]: missing');
  });
});

describe('runLoad', () => {
  it('sends exactly the requests asked for and counts 5xx and unanswered requests as errors', async () => {
    hits = 0;
    const result = await runLoad({ url: `${base}/flaky`, requests: 500, concurrency: 7, timeoutMs: 2000 });
    expect(result.requests).toBe(500);
    expect(result.errors).toBe(50);
    expect(result.errorRate).toBe(0.1);
    expect(result.outcomes).toEqual({ 200: 450, 503: 50 });
    expect(result.latency?.count).toBe(500);

    const refused = await runLoad({ url: 'http://127.0.0.1:9/', requests: 20, concurrency: 5, timeoutMs: 1000 });
    expect(refused).toMatchObject({ requests: 20, errors: 20, errorRate: 1, outcomes: { 'connection refused': 20 }, latency: undefined });
  });
});
