import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { runAction, scratchDir } from './helpers/run-action';
import { installFileRouter, routerWeight } from './helpers/file-router';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

let emulator: Emulator;
let baselineId: number;
let work: string;
let routerInputs: ReturnType<typeof installFileRouter>;
let prometheus: Server | undefined;


beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
  baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'success' }] }).id;
  work = scratchDir('shipgate-canary-prom-preflight-');
  routerInputs = installFileRouter(work);
});
afterEach(async () => {
  prometheus?.close();
  prometheus = undefined;
  await emulator?.close();
});

/** A stand-in Prometheus: `answer(n, authorization, query)` gives the HTTP status and JSON body of the n-th query (1-based). */
async function fakePrometheus(answer: (n: number, authorization: string, query: string) => [number, unknown]): Promise<string> {
  let n = 0;
  prometheus = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://prometheus').searchParams.get('query') ?? '';
    const [status, body] = answer(++n, req.headers.authorization ?? '', query);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((done) => prometheus?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(prometheus.address() as { port: number }).port}`;
}

const vector = (value: string, labels: Record<string, string> = {}) => ({ status: 'success', data: { resultType: 'vector', result: [{ metric: labels, value: [1, value] }] } });
const histogram = { status: 'success', data: { resultType: 'vector', result: [{ metric: { le: '0.25' }, value: [1, '90'] }, { metric: { le: '+Inf' }, value: [1, '100'] }] } };

const run = (prometheusUrl: string, extra: Record<string, string> = {}) =>
  runAction('canary-step', {
    apiUrl: emulator.url,
    cwd: work,
    inputs: {
      sha: SHA,
      environment: 'production',
      steps: '10:1s,50:1s,100',
      interval: '1s',
      'min-requests': '50',
      ...routerInputs,
      'prometheus-url': prometheusUrl,
      'error-rate-query': 'http_requests_total{track="{{track}}",code=~"5.."}',
      'latency-query': 'http_request_duration_seconds{track="{{track}}"}',
      'slow-threshold': '250ms',
      'max-step-wait': '2s',
      ...extra,
    },
  });
const created = () => emulator.deployments.filter((d) => d.id !== baselineId);
const weightFile = () => routerWeight(work) !== undefined;

describe('canary-step (bundled) with prometheus-url: the queries run before anything is created', () => {
  it('stops before creating the deployment when Prometheus gives no answer (503)', async () => {
    const url = await fakePrometheus(() => [503, { status: 'error', errorType: 'unavailable', error: 'overloaded' }]);
    const result = await run(url);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toEqual([expect.stringMatching(/^canary-step: Input 'prometheus-url' got no answer before the canary started \(.*\); nothing was created and no traffic moved$/)]);
    expect(created()).toEqual([]);
    expect(weightFile()).toBe(false);
  });

  it('refuses a query whose result is empty (a selector that matches nothing), naming the query input', async () => {
    const url = await fakePrometheus(() => [200, { status: 'success', data: { resultType: 'vector', result: [] } }]);
    const result = await run(url);
    expect(result.exitCode).toBe(1);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^canary-step: Input 'error-rate-query' matches no series in Prometheus for the baseline \(count\(http_requests_total\{track="baseline",code=~"5.."\}\) is empty\): every poll would be no data and the canary would never be judged/);
    expect(created()).toEqual([]);
    expect(weightFile()).toBe(false);
  });

  it('keeps prometheus-token and URL credentials that Prometheus echoes out of the reason, the report and the summary', async () => {
    const url = await fakePrometheus((n, authorization, query) => {
      // The four queries before the canary answer; every later one fails, echoing the credentials.
      if (n <= 4) return [200, query.includes('_bucket') && !query.startsWith('count(') ? histogram : vector('1')];
      return [422, { status: 'error', errorType: 'execution', error: `echo ${authorization} s3cr3tPW tok-SECRET-123` }];
    });
    const withCredentials = url.replace('http://', 'http://admin:s3cr3tPW@');
    const result = await run(withCredentials, { 'prometheus-token': 'tok-SECRET-123' });
    expect(result.exitCode).toBe(1);
    expect(result.outputs.reason).toMatch(/query failed: echo Bearer \*\*\* \*\*\* \*\*\*/);
    const report = readFileSync(result.outputs.report as string, 'utf8');
    const statuses = JSON.stringify(created().map((d) => emulator.statusesOf(d.id)));
    for (const secret of ['s3cr3tPW', 'tok-SECRET-123']) {
      for (const [where, text] of [['reason', result.outputs.reason], ['report', report], ['summary', result.summary], ['statuses', statuses]] as const) {
        expect(text, where).not.toContain(secret);
      }
    }
  });
});
