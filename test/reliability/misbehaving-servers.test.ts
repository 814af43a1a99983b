import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { MISBEHAVIOURS, startMisbehavingServer, type Misbehaviour, type MisbehavingServer } from '../helpers/misbehaving-server';
import { runAction, scratchDir, TEST_SHA, type ActionRun, type RunOptions } from '../helpers/run-action';
import { observe } from './observe';

// The bundled smoke-test and staging-deploy against servers that hang, drip, never end their
// body, close mid-body, answer only 1xx or garbage: each run ends with a clear failure and a
// recorded status, never a hang; a cancel mid-request still records `error` and exits.

const CONTEXT = 'shipgate/smoke-test (staging)';

let emulator: Emulator;
let server: MisbehavingServer;
let work: string;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: TEST_SHA, tree: 'e'.repeat(40), parents: [], message: 'release' });
  server = await startMisbehavingServer();
  work = scratchDir('shipgate-misbehaving-');
});
afterEach(async () => {
  await server.close();
  await emulator.close();
});

const smoke = (inputs: Record<string, string>, options: RunOptions = {}) =>
  runAction('smoke-test', { apiUrl: emulator.url, cwd: work, timeoutMs: 40_000, ...options, inputs: { url: server.url, 'wait-timeout': '5s', ...inputs } });

const statuses = () => emulator.commitStatusesOf(TEST_SHA).map((s) => ({ state: s.state, description: s.description, context: s.context }));
const report = (run: ActionRun) =>
  JSON.parse(readFileSync(run.outputs.report ?? '', 'utf8')) as { checks: { name: string; failures: string[] }[]; load?: { outcomes: Record<string, number> } };
/** The log lines (workflow commands and blank lines left out). */
const logLines = (run: ActionRun) => run.stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('::'));
const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = Date.now();
  const result = await work();
  return [result, Date.now() - started];
};

/** One check on `/ok` (readiness) and the misbehaving one. */
const checksFor = (path: Misbehaviour, expect = '{ status: 200 }') => `checks:\n  - name: ready\n    path: /ok\n  - name: ${path}\n    path: /${path}\n    expect: ${expect}\n`;

describe('smoke-test checks against misbehaving servers', () => {
  it.for<[Misbehaviour, string, string]>([
    ['drip', '{ status: 200 }', 'body not complete within 1.0s'],
    ['endless', '{ status: 200 }', 'body not complete within 1.0s'],
    ['endless', '{ status: 200, json: { status: ok } }', 'body is over 1 MiB, the most shipgate reads to compare JSON'],
    ['close-mid-body', '{ status: 200 }', 'connection closed before the body was complete'],
    ['informational-only', '{ status: 200 }', 'no answer within 1.0s'],
    ['hang', '{ status: 200 }', 'no answer within 1.0s'],
  ])('a check against %s (expect %s) fails with a clear detail and records failure', async ([path, expectation, detail], ctx) => {
    const run = await smoke({ checks: checksFor(path, expectation), 'request-timeout': '1s' });

    const failures = report(run).checks.find((c) => c.name === path)?.failures;
    observe(ctx, {
      injected: `a target answering ${MISBEHAVIOURS[path]}; request-timeout 1s${expectation.includes('json') ? '; a json expectation' : ''}`,
      observed: `exit ${run.exitCode}; ${run.errors.join(' ')}; check detail: ${failures?.join('; ')}; commit status ${statuses().map((s) => `${s.state} "${s.description}"`).join(', ')}`,
    });
    expect(run.exitCode).toBe(1);
    expect(failures).toEqual([detail]);
    expect(run.errors).toEqual([`smoke-test: smoke test of staging failed: failed: ${path}`]);
    expect(statuses()).toEqual([{ context: CONTEXT, state: 'failure', description: `failed: ${path}` }]);
    expect(run.summary).toContain(detail);
  });

  it('a check against a server that answers garbage fails as "not a valid HTTP answer", not a crash', async (ctx) => {
    const run = await smoke({ checks: checksFor('garbage'), 'request-timeout': '1s' });

    const failures = report(run).checks.find((c) => c.name === 'garbage')?.failures ?? [];
    observe(ctx, {
      injected: `a target answering ${MISBEHAVIOURS.garbage}`,
      observed: `exit ${run.exitCode}; ${run.errors.join(' ')}; check detail: ${failures.join('; ')}; commit status ${statuses()[0]?.state}`,
    });
    expect(run.exitCode).toBe(1);
    expect(failures).toEqual([expect.stringMatching(/^not a valid HTTP answer: /)]);
    expect(run.errors).toEqual(['smoke-test: smoke test of staging failed: failed: garbage']);
    expect(statuses()).toEqual([{ context: CONTEXT, state: 'failure', description: 'failed: garbage' }]);
  });

  it('the readiness wait against a dripping body ends at wait-timeout with what the last attempt saw', async (ctx) => {
    const run = await smoke({ checks: 'checks:\n  - path: /drip\n', 'request-timeout': '500ms', 'wait-timeout': '2s' });

    observe(ctx, {
      injected: `the first (readiness) check's target answers ${MISBEHAVIOURS.drip}; request-timeout 500ms, wait-timeout 2s`,
      observed: `exit ${run.exitCode}; ${run.errors.join(' ')}; commit status ${statuses().map((s) => `${s.state} "${s.description}"`).join(', ')}`,
    });
    expect(run.exitCode).toBe(1);
    expect(statuses()).toEqual([{ context: CONTEXT, state: 'failure', description: 'not ready within 2.0s: body not complete within 500ms' }]);
  });
});

describe('smoke-test load burst against misbehaving servers', () => {
  it.for<Misbehaviour>(['drip', 'endless', 'hang'])('a load burst against %s ends each request at request-timeout and fails its error-rate threshold', async (path, ctx) => {
    const checks = `checks:\n  - path: /ok\nload: { path: /${path}, requests: 6, concurrency: 3 }\nthresholds: { error-rate: "<1%" }\n`;
    const run = await smoke({ checks, 'request-timeout': '1s' });

    const outcomes = report(run).load?.outcomes ?? {};
    observe(ctx, {
      injected: `a load burst (6 requests, 3 at a time) against ${MISBEHAVIOURS[path]}; request-timeout 1s`,
      observed: `exit ${run.exitCode}; ${run.errors.join(' ')}; outcomes ${JSON.stringify(outcomes)}; commit status ${statuses().map((s) => `${s.state} "${s.description}"`).join(', ')}`,
    });
    expect(run.exitCode).toBe(1);
    expect(outcomes).toEqual({ [path === 'hang' ? 'no answer within 1.0s' : 'body not complete within 1.0s']: 6 });
    expect(run.outputs).toMatchObject({ requests: '6', 'error-rate': '1' });
    expect(statuses()).toEqual([{ context: CONTEXT, state: 'failure', description: 'error-rate<1% (was 100%)' }]);
  });
});

describe('smoke-test cancelled while a request hangs or drips', () => {
  it.for<[string, string, string]>([
    [
      'a dripping load burst',
      `checks:\n  - path: /ok\nload: { path: /drip, requests: 1000, concurrency: 4 }\n`,
      'Load burst cancelled after 4 of 1000 requests; the requests in flight were aborted',
    ],
    ['a dripping check', `checks:\n  - path: /ok\n  - name: slow\n    path: /drip\n`, 'FAIL  slow: HTTP 200 — cancelled (SIGINT)'],
    ['the readiness wait on a hung target', `checks:\n  - name: up\n    path: /hang\n`, "Cancelled while waiting for 'up' to pass (1 attempt(s))"],
  ])('cancelled during %s: requests aborted at once, error recorded, exit before the runner SIGTERMs', async ([phase, checks, logLine], ctx) => {
    const cancelAfterMs = 1_500;
    const [run, elapsedMs] = await timed(() => smoke({ checks, 'request-timeout': '10m', 'wait-timeout': '10m' }, { cancelAfterMs }));

    const exitAfterCancelMs = elapsedMs - cancelAfterMs;
    observe(ctx, {
      injected: `SIGINT (the runner's cancel) 1.5s into ${phase}; request-timeout and wait-timeout 10m`,
      observed: `exited ${(exitAfterCancelMs / 1000).toFixed(1)}s after SIGINT with code ${run.exitCode}; ${run.errors.join(' ')}; commit status ${statuses().map((s) => `${s.state} "${s.description}"`).join(', ')}; ${server.openConnections()} connection(s) left open`,
    });
    // The runner sends SIGTERM 7.5 s after SIGINT, then kills: the status must be recorded before that.
    expect(exitAfterCancelMs).toBeLessThan(7_500);
    expect(run.exitCode).toBe(1);
    expect(run.warnings).toContain('smoke-test: received SIGINT, the job is being cancelled; cleaning up');
    expect(statuses()).toEqual([{ context: CONTEXT, state: 'error', description: 'smoke test cancelled before it finished' }]);
    expect(run.errors).toEqual(['smoke-test: smoke test of staging failed: smoke test cancelled before it finished']);
    expect(server.openConnections()).toBe(0);
    expect(logLines(run)).toContain(logLine);
  });
});

describe('staging-deploy health wait against misbehaving servers', () => {
  const deploy = (healthPath: Misbehaviour | 'ok', options: RunOptions = {}) =>
    runAction('staging-deploy', {
      apiUrl: emulator.url,
      cwd: work,
      timeoutMs: 40_000,
      ...options,
      inputs: { environment: 'staging', command: `${process.execPath} -e 0`, url: server.url, 'health-url': `${server.url}/${healthPath}`, 'health-timeout': '2s' },
    });
  const states = (run: ActionRun) => emulator.statusesOf(Number(run.outputs['deployment-id'])).map((s) => s.state);

  it.for<[Misbehaviour, RegExp]>([
    ['informational-only', /no answer within/],
    ['hang', /no answer within/],
    ['garbage', /not a valid HTTP answer: /],
  ])('a health URL answering %s fails the deploy after health-timeout with what it saw', async ([path, detail], ctx) => {
    const run = await deploy(path);
    observe(ctx, {
      injected: `health-url answering ${MISBEHAVIOURS[path]}; health-timeout 2s`,
      observed: `exit ${run.exitCode}; ${run.errors.join(' ')}; deployment statuses ${states(run).join(' <- ')}`,
    });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(detail)]);
    expect(states(run)).toEqual(['failure', 'in_progress']);
  });

  it('a health URL whose body drips is judged by its status: the deploy succeeds without waiting on the body', async (ctx) => {
    const [run, elapsedMs] = await timed(() => deploy('drip'));
    observe(ctx, {
      injected: `health-url answering 200 with ${MISBEHAVIOURS.drip}`,
      observed: `exit ${run.exitCode} after ${(elapsedMs / 1000).toFixed(1)}s; deployment statuses ${states(run).join(' <- ')}`,
    });
    expect(run.exitCode).toBe(0);
    expect(states(run)).toEqual(['success', 'in_progress']);
  });
});
