import { createServer } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, type TestContext } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { startApp, type LocalApp } from '../helpers/http-app';
import { runAction, runActionWithPost, scratchDir, type ActionRun, type RunOptions } from '../helpers/run-action';
import { observe } from './observe';

const SHA = '1111111111111111111111111111111111111111';
const TREE = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';
const CREATE = 'POST /repos/:owner/:repo/deployments';
const GET_COMMIT = 'GET /repos/:owner/:repo/commits/:ref';
const LIST_DEPLOYMENTS = 'GET /repos/:owner/:repo/deployments';
// "Every time" for a fault: more requests than shipgate ever makes for one call.
const ALWAYS = 50;

let emulator: Emulator;
let apps: LocalApp[] = [];
let work: string;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: SHA, tree: TREE, parents: [], message: 'release' });
  work = scratchDir('shipgate-faults-');
});
afterEach(async () => {
  await emulator.close();
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

function deployCommand(): string {
  const script = join(work, 'deploy.mjs');
  writeFileSync(script, 'console.log("deployed");\n');
  return `node ${script}`;
}

async function timed(run: () => Promise<ActionRun>): Promise<ActionRun & { seconds: number }> {
  const started = Date.now();
  const result = await run();
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

const deploy = (inputs: Record<string, string> = {}, options: RunOptions = {}) =>
  timed(() => runAction('staging-deploy', { apiUrl: emulator.url, cwd: work, ...options, inputs: { ref: SHA, command: deployCommand(), ...inputs } }));

/** The user-facing contract for an outside failure: exit 1, one `::error::` line, no stack, never "a bug in shipgate". */
function expectOneClearLine(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  const line = run.errors[0] as string;
  expect(line).not.toContain('bug in shipgate');
  expect(line).not.toContain('\n');
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  return line;
}

const states = (id: number) => emulator.statusesOf(id).map((s) => s.state);

function record(ctx: TestContext, injected: string, run: ActionRun & { seconds: number }, extra = ''): void {
  observe(ctx, { injected, observed: `${run.errors[0] ?? `exit ${run.exitCode}, no error`}${extra} (took ${run.seconds.toFixed(1)}s)` });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('staging-deploy: GitHub failing', () => {
  it('a persistent 502 on reading the commit is one line naming the call, what to do and the time spent, within 12 s', async (ctx) => {
    emulator.failNext(GET_COMMIT, { status: 502, count: ALWAYS });
    const run = await deploy();
    const line = expectOneClearLine(run);
    expect(line).toMatch(/^staging-deploy: GitHub failed to read the commit 1{40}: it answered 502 .*4 attempts over \d+\.\ds; .*re-run the job/);
    expect(run.seconds).toBeLessThan(12);
    expect(emulator.deployments).toHaveLength(0);
    record(ctx, 'GET /commits/:sha answers 502 every time', run);
  });

  it('GitHub unreachable (connection refused) is one line naming the API URL and the error', async (ctx) => {
    const port = await closedPort();
    const run = await timed(() => runAction('staging-deploy', { apiUrl: `http://127.0.0.1:${port}`, cwd: work, inputs: { ref: SHA, command: deployCommand() } }));
    const line = expectOneClearLine(run);
    expect(line).toContain(`could not reach GitHub at http://127.0.0.1:${port} to read the commit`);
    expect(line).toContain('ECONNREFUSED');
    expect(line).toMatch(/4 attempts over \d+\.\ds/);
    expect(run.seconds).toBeLessThan(12);
    record(ctx, 'GITHUB_API_URL points at a closed port', run);
  });

  it('a token refused on a read (403 on listDeployments) names the permission the job needs', async (ctx) => {
    emulator.failNext(LIST_DEPLOYMENTS, { status: 403, count: ALWAYS, body: { message: 'Resource not accessible by integration' } });
    const run = await deploy();
    const line = expectOneClearLine(run);
    expect(line).toBe(
      'staging-deploy: GitHub refused to list the deployments of staging (403 Resource not accessible by integration): the job needs `permissions: deployments: read` for its token',
    );
    record(ctx, 'GET /deployments answers 403 (token without deployments: read)', run);
  });

  it('a refused token (401 on getCommit) names the github-token input', async (ctx) => {
    emulator.failNext(GET_COMMIT, { status: 401, count: ALWAYS, body: { message: 'Bad credentials' } });
    const run = await deploy();
    const line = expectOneClearLine(run);
    expect(line).toBe(`staging-deploy: Input 'github-token' was refused by GitHub while trying to read the commit ${SHA} (401 Bad credentials); pass a valid token`);
    record(ctx, 'GET /commits/:sha answers 401', run);
  });

  it('an exhausted secondary rate limit (429, retry-after 1) is one line saying when to re-run', async (ctx) => {
    emulator.failNext(LIST_DEPLOYMENTS, { status: 429, count: ALWAYS, headers: { 'retry-after': '1' } });
    const run = await deploy();
    const line = expectOneClearLine(run);
    expect(line).toMatch(/GitHub's rate limit stopped shipgate from trying to list the deployments of staging \(429; GitHub asks to wait 1s, 4 attempts over \d+\.\ds\); re-run the job after \d\d:\d\d UTC/);
    expect(run.seconds).toBeLessThan(10);
    record(ctx, 'GET /deployments answers 429 secondary rate limit every time', run);
  });

  it('retry-after: 600 is not slept: the step fails at once saying when to re-run', async (ctx) => {
    emulator.failNext(LIST_DEPLOYMENTS, { status: 403, count: ALWAYS, headers: { 'retry-after': '600' } });
    const run = await deploy();
    const line = expectOneClearLine(run);
    expect(line).toContain('GitHub asks to wait 600s, 1 attempt over');
    expect(run.seconds).toBeLessThan(5);
    record(ctx, 'GET /deployments answers 403 secondary rate limit with retry-after: 600', run);
  });

  it('a hung API call times out after 6 s and is retried: the deploy succeeds', async (ctx) => {
    emulator.failNext(GET_COMMIT, { mode: 'hang', count: 1 });
    const run = await deploy();
    expect(run.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toMatch(/GitHub gave no answer within 6s on GET \/repos\/acme\/app\/commits\/1{40}; retrying in 1\.0s/);
    expect(run.seconds).toBeGreaterThan(6);
    expect(run.seconds).toBeLessThan(15);
    record(ctx, 'GET /commits/:sha never answers once', run, `; ${run.warnings[0] ?? ''}; status ${run.outputs.status}`);
  });

  it('GitHub that never answers fails the step within the documented 26 s, in one line', async (ctx) => {
    emulator.failNext(GET_COMMIT, { mode: 'hang', count: ALWAYS });
    const run = await deploy();
    const line = expectOneClearLine(run);
    expect(line).toMatch(/GitHub did not answer while shipgate tried to read the commit 1{40}: it gave no answer within 6s, 3 attempts over \d+\.\ds; re-run the job later/);
    expect(run.seconds).toBeLessThan(28);
    record(ctx, 'GET /commits/:sha never answers', run);
  });

  for (const mode of ['write-then-answer', 'write-then-reset'] as const) {
    const lost = mode === 'write-then-answer' ? 'a 502 after the write' : 'a reset connection after the write';
    it(`a create whose answer is lost (${lost}) makes exactly one deployment, which ends success`, async (ctx) => {
      emulator.failNext(CREATE, { status: 502, mode, count: 1 });
      const run = await deploy();
      expect(run.errors).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(emulator.deployments).toHaveLength(1);
      const [only] = emulator.deployments;
      expect(Number(run.outputs['deployment-id'])).toBe(only?.id);
      expect(states(only?.id ?? 0)).toEqual(['success', 'in_progress']);
      expect(emulator.countRequests(CREATE)).toBe(1);
      record(ctx, `POST /deployments performs the write, then ${lost}`, run, `; ${emulator.deployments.length} deployment(s), states ${states(only?.id ?? 0).join(' <- ')}`);
    });
  }

  it('a create that fails before writing (502 twice) is retried and makes exactly one deployment', async (ctx) => {
    emulator.failNext(CREATE, { status: 502, count: 2 });
    const run = await deploy();
    expect(run.exitCode).toBe(0);
    expect(emulator.deployments).toHaveLength(1);
    expect(emulator.countRequests(CREATE)).toBe(3);
    record(ctx, 'POST /deployments answers 502 twice without writing', run, `; ${emulator.deployments.length} deployment(s)`);
  });

  it('a job cancelled while POST /deployments is in flight: the post step finds the created deployment and closes it error', async (ctx) => {
    emulator.failNext(CREATE, { mode: 'write-then-hang', count: 1 });
    const started = Date.now();
    const { main, post } = await runActionWithPost('staging-deploy', { apiUrl: emulator.url, cwd: work, cancelAfterMs: 2_500, inputs: { ref: SHA, command: deployCommand() } });
    const seconds = (Date.now() - started) / 1000;
    expect(main.exitCode).toBe(1);
    expect(main.state['deployment-id']).toBeUndefined();
    expect(emulator.deployments).toHaveLength(1);
    const id = emulator.deployments[0]?.id ?? 0;
    expect(states(id)).toEqual(['error']);
    expect(post.warnings).toContain(`Deployment ${id} was still open when the job ended; marked it error`);
    // Cancelled at 2.5 s, the in-flight call is aborted at once, not left to its timeout.
    expect(seconds).toBeLessThan(8);
    observe(ctx, {
      injected: 'SIGINT while POST /deployments has written but not answered',
      observed: `main: ${main.errors[0] ?? ''}; post: ${post.warnings.at(-1) ?? ''}; deployment states: ${states(id).join(', ')} (main+post ${seconds.toFixed(1)}s)`,
    });
  });
});

describe('smoke-test and staging-gate-check: GitHub failing', () => {
  it('smoke-test: a persistent 503 on posting the commit status is one line, not a bug', async (ctx) => {
    const app = await startApp((_req, res) => res.end('ok'));
    apps.push(app);
    emulator.failNext('POST /repos/:owner/:repo/statuses/:sha', { status: 503, count: ALWAYS });
    const run = await timed(() => runAction('smoke-test', { apiUrl: emulator.url, cwd: work, timeoutMs: 30_000, inputs: { url: app.url, sha: SHA, 'wait-timeout': '0' } }));
    const line = expectOneClearLine(run);
    expect(line).toMatch(/GitHub failed to set the commit status shipgate\/smoke-test \(staging\): it answered 503 .*attempts over/);
    expect(run.seconds).toBeLessThan(15);
    record(ctx, 'POST /statuses/:sha answers 503 every time', run);
  });

  it('staging-gate-check: a persistent 500 on listing deployments is one line, not a bug', async (ctx) => {
    emulator.failNext(LIST_DEPLOYMENTS, { status: 500, count: ALWAYS });
    const run = await timed(() => runAction('staging-gate-check', { apiUrl: emulator.url, cwd: work, inputs: { sha: SHA } }));
    const line = expectOneClearLine(run);
    expect(line).toMatch(/^staging-gate-check: GitHub failed to list the deployments of staging: it answered 500 .*4 attempts over/);
    expect(run.seconds).toBeLessThan(12);
    record(ctx, 'GET /deployments answers 500 every time', run);
  });
});
