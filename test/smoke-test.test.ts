import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startApp, unusedPort, type LocalApp } from './helpers/http-app';
import { runAction, scratchDir, TEST_SHA, type RunOptions } from './helpers/run-action';

const CONTEXT = 'shipgate/smoke-test (staging)';
const SECRET = 'Bearer s3cr3t-5moke-token-9f2c';

let emulator: Emulator;
let apps: LocalApp[] = [];
let servers: Server[] = [];
let work: string;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: TEST_SHA, tree: 'e'.repeat(40), parents: [], message: 'release' });
  work = scratchDir('shipgate-smoke-');
});
afterEach(async () => {
  await emulator.close();
  await Promise.all(apps.map((app) => app.close()));
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  apps = [];
  servers = [];
});

/** The app under test: /health, /api/v1/initialize (POST), /slow (40 ms), /broken (500), /echo (echoes Authorization). */
async function startTarget(): Promise<LocalApp> {
  const app = await startApp((req, res) => {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/health') return json(200, { status: 'ok', version: '1.4.2' });
    if (req.url === '/api/v1/initialize' && req.method === 'POST') return json(201, { session: 'abc' });
    if (req.url === '/slow') return void setTimeout(() => json(200, { status: 'ok' }), 40);
    if (req.url === '/broken') return json(500, { error: 'database unavailable' });
    if (req.url === '/echo') return json(req.headers.authorization === SECRET ? 200 : 401, { saw: req.headers.authorization ?? null });
    json(404, { error: 'not found' });
  });
  apps.push(app);
  return app;
}

const smoke = (inputs: Record<string, string>, options: RunOptions = {}) =>
  runAction('smoke-test', { apiUrl: emulator.url, cwd: work, timeoutMs: 25_000, ...options, inputs: { 'wait-timeout': '5s', ...inputs } });

const statuses = () => emulator.commitStatusesOf(TEST_SHA);
const report = (path: string | undefined) => JSON.parse(readFileSync(path ?? '', 'utf8'));

const CHECKS = `
checks:
  - name: health
    path: /health
    expect: { status: 200, json: { status: ok }, body-contains: ok, headers: { content-type: application/json }, max-latency: 2s }
  - name: initialize
    path: /api/v1/initialize
    method: POST
    body: { user: smoke }
    expect: { status: [200, 201] }
`;

describe('smoke-test (bundled, real HTTP targets, GitHub emulator)', () => {
  it('passes: url from the latest successful deployment, checks, load burst, thresholds, success status', async () => {
    const app = await startTarget();
    emulator.seedDeployment({ sha: TEST_SHA, environment: 'staging', statuses: [{ state: 'in_progress' }, { state: 'success', environmentUrl: app.url }] });
    const run = await smoke({ checks: CHECKS, 'load-requests': '400', 'load-concurrency': '8', thresholds: 'error-rate<0.5%, p99<2s, rate>20' });

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', 'checks-passed': 'health,initialize', 'checks-failed': '', requests: '400', 'error-rate': '0' });
    expect(Number(run.outputs['p99-ms'])).toBeGreaterThan(0);
    expect(Number(run.outputs['p50-ms'])).toBeGreaterThan(0);
    expect(Number(run.outputs['p50-ms'])).toBeLessThanOrEqual(Number(run.outputs['p95-ms']));
    expect(app.requests.filter((r) => r === 'GET /health')).toHaveLength(401);
    expect(app.requests).toContain('POST /api/v1/initialize');

    const [status] = statuses();
    expect(status).toMatchObject({ context: CONTEXT, state: 'success', target_url: 'https://github.com/acme/app/actions/runs/4242' });
    expect(status?.description).toMatch(/^2\/2 checks passed; 400 requests, p99 [\d.]+m?s, errors 0%$/);

    const json = report(run.outputs.report);
    expect(json).toMatchObject({ environment: 'staging', url: app.url, sha: TEST_SHA, passed: true, load: { requests: 400, errors: 0, concurrency: 8 } });
    expect(json.urlSource).toMatch(/^deployment #\d+/);
    expect(json.thresholds.map((t: { expression: string; passed: boolean }) => [t.expression, t.passed])).toEqual([
      ['error-rate<0.5%', true],
      ['p99<2.0s', true],
      ['rate>20/s', true],
    ]);
    expect(run.summary).toContain('<th>Check</th><th>Status</th><th>Latency</th><th>Verdict</th>');
    expect(run.summary).toMatch(/<td>health<\/td><td>200<\/td><td>[\d.]+m?s<\/td><td>✅ passed<\/td>/);
    expect(run.summary).toContain('<td>400</td><td>0 (0%)</td>');
  });

  it('fails a check: failure status naming it, the reason in the summary, exit 1 after recording', async () => {
    const app = await startTarget();
    const checks = `${CHECKS}  - name: report\n    path: /broken\n    expect: { status: 2xx }\n`;
    const run = await smoke({ url: app.url, checks });

    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual(['smoke-test: smoke test of staging failed: failed: report']);
    expect(run.outputs).toMatchObject({ passed: 'false', 'checks-passed': 'health,initialize', 'checks-failed': 'report', requests: '0', 'p99-ms': '' });
    expect(statuses()).toHaveLength(1);
    expect(statuses()[0]).toMatchObject({ context: CONTEXT, state: 'failure', description: 'failed: report' });
    expect(run.summary).toContain('❌ status 500, expected 2xx');
    expect(report(run.outputs.report).checks[2]).toMatchObject({ name: 'report', passed: false, status: 500, failures: ['status 500, expected 2xx'] });
  });

  it('fails a threshold: p99 over its limit gives a failure status with the measured p99', async () => {
    const app = await startTarget();
    const checks = 'checks:\n  - path: /health\nload: { path: /slow, requests: 60, concurrency: 6 }\nthresholds: { p99: "<20ms" }\n';
    const run = await smoke({ url: app.url, checks, thresholds: 'error-rate<1%' });

    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ passed: 'false', 'checks-failed': '', requests: '60', 'error-rate': '0' });
    expect(Number(run.outputs['p99-ms'])).toBeGreaterThanOrEqual(40);
    expect(statuses()[0]?.state).toBe('failure');
    expect(statuses()[0]?.description).toMatch(/^p99<20ms \(was [\d.]+ms\)$/);
    expect(run.errors[0]).toMatch(/failed: p99<20ms \(was [\d.]+ms\)/);
    expect(run.summary).toMatch(/<td>p99&lt;20ms<\/td><td>[\d.]+ms<\/td><td>❌ failed<\/td>/);
    expect(app.requests.filter((r) => r === 'GET /slow')).toHaveLength(60);
  });

  it('waits for a target that starts listening only after ~2 s, then passes', async () => {
    const port = await unusedPort();
    const late = setTimeout(() => {
      const server = createServer((_req, res) => res.end('ok'));
      servers.push(server);
      server.listen(port, '127.0.0.1');
    }, 2_000);
    const run = await smoke({ url: `http://127.0.0.1:${port}`, checks: 'checks: [{ name: health, path: /, expect: { body-contains: ok } }]', 'wait-timeout': '15s' });
    clearTimeout(late);

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    const { readiness } = report(run.outputs.report);
    expect(readiness.ok).toBe(true);
    expect(readiness.attempts).toBeGreaterThan(2);
    expect(readiness.elapsedMs).toBeGreaterThanOrEqual(1_000); // the action started ~0.3 s after the timer
    expect(statuses()[0]).toMatchObject({ context: CONTEXT, state: 'success', description: '1/1 checks passed' });
  });

  it('gives up on a target that never comes up within wait-timeout: failure, later checks skipped', async () => {
    const port = await unusedPort();
    const started = Date.now();
    const run = await smoke({ url: `http://127.0.0.1:${port}`, checks: CHECKS, 'wait-timeout': '2s', 'load-requests': '50' });

    expect(Date.now() - started).toBeLessThan(8_000);
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ passed: 'false', 'checks-passed': '', 'checks-failed': 'health,initialize', requests: '0' });
    expect(statuses()[0]).toMatchObject({ state: 'failure', description: 'not ready within 2.0s: connection refused' });
    expect(run.errors).toEqual(['smoke-test: smoke test of staging failed: not ready within 2.0s: connection refused']);
    expect(report(run.outputs.report).skipped).toEqual(['initialize']);
    expect(run.summary).toContain('⏭️ skipped (not ready)');
  });

  it('refuses a checks file with a mistake: one error naming the file and item, annotated, nothing sent or recorded', async () => {
    const app = await startTarget();
    writeFileSync(join(work, 'smoke.yml'), `${CHECKS}  - name: report\n    path: /report\n    expect:\n      status: abc\n`);
    const run = await smoke({ url: app.url, checks: 'smoke.yml', 'load-requests': '10' });

    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      'smoke-test: checks file smoke.yml: checks[2].expect.status: expected a status code like 200, a list like [200, 204] or a class like "2xx"; got "abc"',
    ]);
    expect(run.stdout).toContain('::error file=smoke.yml,line=14::');
    expect(app.requests).toEqual([]);
    expect(emulator.requests).toEqual([]);
    expect(statuses()).toEqual([]);
  });

  it('never shows a secret header value in the log, summary, report or status, even when the server echoes it', async () => {
    const app = await startTarget();
    const checks = 'checks:\n  - name: authorised\n    path: /echo\n  - name: echoed\n    path: /echo\n    expect: { body-contains: "not in the body" }\n';
    const run = await smoke({ url: app.url, checks, headers: `Authorization: ${SECRET}\nX-Trace: smoke`, 'load-requests': '20' });

    expect(run.exitCode).toBe(1);
    expect(run.outputs['checks-passed']).toBe('authorised'); // the header was sent: the server answered 200
    const shown = { log: run.stdout.replace(/^::add-mask::.*$/gm, '') + run.stderr, summary: run.summary, report: readFileSync(run.outputs.report ?? '', 'utf8') };
    expect(run.stdout).toContain(`::add-mask::${SECRET}`);
    expect(shown.report).toContain('***'); // the echoed body is in the failure detail, masked
    for (const text of Object.values(shown)) expect(text).not.toContain('s3cr3t-5moke-token');
    expect(JSON.stringify(statuses())).not.toContain('s3cr3t');
  });

  it('dry-run validates and prints the plan, sending no request and recording nothing', async () => {
    const app = await startTarget();
    const reportPath = join(work, 'dry-run-report.json');
    const run = await smoke({ url: app.url, checks: CHECKS, 'load-requests': '100', thresholds: 'p95<150ms', 'dry-run': 'true', report: reportPath });

    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`[dry-run] Would check 'initialize': POST ${app.url}/api/v1/initialize expecting 200 or 201`);
    expect(run.stdout).toContain(`[dry-run] Would record commit status '${CONTEXT}' on ${TEST_SHA}`);
    expect(app.requests).toEqual([]);
    expect(statuses()).toEqual([]);
    expect(existsSync(reportPath)).toBe(false);
    expect(run.outputs.report ?? '').toBe('');
  });

  it('refuses thresholds without a load burst and a malformed threshold, as input errors', async () => {
    const app = await startTarget();
    const none = await smoke({ url: app.url, thresholds: 'p99<200ms' });
    expect(none.errors).toEqual([
      "smoke-test: Input 'thresholds' (p99<200ms) apply to the load burst, but there is none; set load-requests or load.requests in the checks file",
    ]);
    const bad = await smoke({ url: app.url, thresholds: 'p99 under 200ms', 'load-requests': '10' });
    expect(bad.errors[0]).toContain("Input 'thresholds' must be limits like error-rate<0.5%, p99<200ms: 'p99 under 200ms' is not");
    expect(app.requests).toEqual([]);
    expect(statuses()).toEqual([]);
  });

  it('records error, not success or failure, when the job is cancelled mid-test', async () => {
    const app = await startApp((req, res) => {
      if (req.url === '/health') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"status":"ok"}');
      }
      setTimeout(() => res.end('late'), 20_000); // a hung route: the cancel arrives while waiting
    });
    apps.push(app);
    const checks = `
checks:
  - name: health
    path: /health
  - name: hung
    path: /hung
`;
    const run = await smoke({ url: app.url, checks, 'request-timeout': '15s' }, { cancelAfterMs: 1500 });
    expect(run.exitCode).not.toBe(0);
    expect(statuses().map((s) => [s.context, s.state])).toEqual([[CONTEXT, 'error']]);
    expect(statuses()[0]?.description).toContain('cancelled');
  });
});
