import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPrometheusSource, type MetricReading, type MetricSource } from '@shipgate/metrics';
import { runLoad } from '@shipgate/probe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unusedPort } from './helpers/http-app';
import { LATENCY_BUCKETS, startMetricsApp, type MetricsApp } from './helpers/metrics-app';
import { startPrometheus, type PrometheusServer } from './helpers/prometheus-server';

let canary: MetricsApp;
let baseline: MetricsApp;
let prometheus: PrometheusServer;
const logs: string[] = [];

const queries = {
  'error-rate-query': 'app_request_errors_total{track="{{track}}"}',
  'latency-query': 'app_request_duration_seconds{track="{{track}}"}',
};

function source(values: Record<string, string>, calibrationWindowMs?: number): MetricSource {
  const all: Record<string, string> = { 'prometheus-url': prometheus.url, ...queries, ...values };
  return createPrometheusSource((name) => all[name] ?? '', { timeoutMs: 5000, log: (line) => logs.push(line) }, { calibrationWindowMs });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Waits until Prometheus has scraped both apps after `since`, so a read sees everything they served. */
async function scrapedSince(since: number): Promise<void> {
  while (canary.lastScrapeAt() <= since || baseline.lastScrapeAt() <= since) await sleep(10);
  // The scrape is answered before Prometheus stores it.
  await sleep(30);
}

const within5Percent = (reported: number, served: number) => expect(Math.abs(reported - served), `reported ${reported}, served ${served}`).toBeLessThanOrEqual(Math.max(1, served * 0.05));

beforeAll(async () => {
  // Canary: every 10th request fails, every 5th takes 40 ms. Baseline: every 50th fails, every 20th is slow.
  canary = await startMetricsApp({ status: (n) => (n % 10 === 0 ? 500 : 200), delayMs: (n) => (n % 5 === 0 ? 40 : 0) });
  baseline = await startMetricsApp({ status: (n) => (n % 50 === 0 ? 503 : 200), delayMs: (n) => (n % 20 === 0 ? 30 : 0) });
  prometheus = await startPrometheus([
    { address: `127.0.0.1:${canary.app.port}`, labels: { track: 'canary' } },
    { address: `127.0.0.1:${baseline.app.port}`, labels: { track: 'baseline' } },
  ]);
  // Both apps' zero-valued series stored a few times: increase() then starts from a real 0.
  const started = Date.now();
  await sleep(400);
  await scrapedSince(started + 300);
}, 60_000);

afterAll(async () => {
  await prometheus?.stop();
  await canary?.close();
  await baseline?.close();
});

describe('prometheus metric source against real Prometheus', () => {
  it('reports requests, errors and slow requests per track within 5 % of what the apps served', async () => {
    const prom = source({ 'slow-threshold': '25ms' });
    await prom.start();
    await sleep(300);
    await Promise.all([
      runLoad({ url: `${canary.app.url}/`, requests: 400, concurrency: 4, timeoutMs: 5000 }),
      runLoad({ url: `${baseline.app.url}/`, requests: 1200, concurrency: 8, timeoutMs: 5000 }),
    ]);
    const trafficEnded = Date.now();
    await sleep(1500);
    await scrapedSince(trafficEnded + 1400);
    const reading = await prom.read();
    expect(reading.kind, JSON.stringify(reading)).toBe('data');
    if (reading.kind !== 'data') return;
    for (const [arm, app] of [[reading.canary, canary], [reading.baseline, baseline]] as const) {
      within5Percent(arm?.requests ?? -1, app.served.requests);
      within5Percent(arm?.errors ?? -1, app.served.errors);
      within5Percent(arm?.slow ?? -1, app.served.over25ms);
    }
    expect(canary.served).toMatchObject({ requests: 400, errors: 40 });
    expect(canary.served.over25ms).toBeGreaterThanOrEqual(80);
    expect(reading.slowCutMs).toBe(25);
    expect(reading.canary.p99Ms).toBeGreaterThan(25);
    expect(reading.canary.p50Ms).toBeLessThan(10);
    expect(Number.isInteger(reading.canary.slow) && Number.isInteger(reading.baseline?.requests)).toBe(true);

    // The next read covers only the time since this one: nothing was served since.
    await sleep(500);
    const next = await prom.read();
    expect(next.kind === 'data' && next.canary.requests).toBe(0);
    expect(next.windowMs).toBeGreaterThanOrEqual(500);
    expect(next.windowMs).toBeLessThan(reading.windowMs);

    // Without slow-threshold, the cut is the baseline's p99 before the canary, at a bucket boundary.
    const calibrated = source({}, 60_000);
    await calibrated.start();
    const [p99] = await prometheus.query('histogram_quantile(0.99, sum by (le) (increase(app_request_duration_seconds_bucket{track="baseline"}[60s])))');
    const boundaryMs = Math.min(...LATENCY_BUCKETS.filter((le) => le >= Number(p99?.value[1])).map((le) => le * 1000));
    expect(boundaryMs).toBeGreaterThanOrEqual(50);
    expect(logs.at(-1)).toBe(`prometheus: latency cut ${boundaryMs}ms (the baseline's p99 over the last 1m, rounded up to a bucket boundary)`);
  });

  it('reports an empty result, NaN or a failed query as no data, never as zero errors', async () => {
    const empty = source({ 'error-rate-query': 'app_request_errors_total{track="{{track}}",job="no-such-job"}' });
    // A selector that matches no series is refused before the canary; a read is still no data.
    await expect(empty.start()).rejects.toThrow(/^Input 'error-rate-query' matches no series in Prometheus for the baseline/);
    await sleep(300);
    expect(await empty.read()).toMatchObject({ kind: 'no-data', reason: 'error-rate-query for canary returned an empty result' });

    const nan = source({ 'error-rate-query': 'sum(increase(app_request_errors_total{track="{{track}}"}[{{window}}])) * 0 / 0' });
    await nan.start();
    await sleep(300);
    expect(await nan.read()).toMatchObject({ kind: 'no-data', reason: 'error-rate-query for canary returned NaN' });

    const down = createPrometheusSource((name) => ({ 'prometheus-url': `http://127.0.0.1:${port}`, ...queries })[name] ?? '', { timeoutMs: 2000, log: () => {} });
    const reading: MetricReading = await down.read();
    expect(reading).toMatchObject({ kind: 'no-data', reason: `error-rate-query for canary: Prometheus at http://127.0.0.1:${port} did not answer (ECONNREFUSED)` });
  });

  it('refuses a query Prometheus rejects, or a URL that is not Prometheus, naming the input', async () => {
    await expect(source({ 'latency-query': 'sum(rate(app_request_duration_seconds_bucket{track="{{track}}"}[{{window}}]) by (le)' }).start()).rejects.toThrow(
      /^Input 'latency-query' is not a query Prometheus accepts: query failed: .*parse error/,
    );
    expect(() => source({ 'error-rate-query': 'rate(x[5m]) / 2' })).toThrow(/^Input 'error-rate-query' must be a metric selector like/);
    expect(() => source({ 'latency-query': '' })).toThrow("Input 'latency-query' is required when prometheus-url is set");
    await expect(source({ 'prometheus-url': canary.app.url }).read()).rejects.toThrow(/^Input 'prometheus-url' must be the Prometheus base URL; .* answered HTTP 200 with something that is not Prometheus's JSON$/);
  });

  it('sends credentials as a header and keeps them out of everything it reports', async () => {
    const seen: Array<string | undefined> = [];
    const fake: Server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(503).end('overloaded');
    });
    await new Promise<void>((done) => fake.listen(0, '127.0.0.1', done));
    try {
      const url = `http://shipgate:s3cr%3At@127.0.0.1:${(fake.address() as AddressInfo).port}`;
      const basic = source({ 'prometheus-url': url });
      const reading = await basic.read();
      expect(seen[0]).toBe(`Basic ${Buffer.from('shipgate:s3cr:t').toString('base64')}`);
      expect(JSON.stringify(reading)).not.toMatch(/s3cr/);
      expect(basic.secrets).toContain('s3cr:t');
      const bearer = source({ 'prometheus-url': url.replace('shipgate:s3cr%3At@', ''), 'prometheus-token': 'tok-123' });
      await bearer.read();
      expect(seen.at(-1)).toBe('Bearer tok-123');
      expect(bearer.secrets).toEqual(['tok-123']);
    } finally {
      await new Promise((done) => fake.close(done));
    }
  });
});

let port: number;
beforeAll(async () => {
  port = await unusedPort();
});
