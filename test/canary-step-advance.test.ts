import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { runAction, runActionWithPost, scratchDir } from './helpers/run-action';
import { installFileRouter, routerWeight } from './helpers/file-router';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

let emulator: Emulator;
let work: string;
let routerInputs: ReturnType<typeof installFileRouter>;
let baselineId: number;

/** Prints the poll lines of polls.jsonl one per run (the last one repeats), like counts since the previous run. */
const METRICS = `import { existsSync, readFileSync, writeFileSync } from 'node:fs';
const lines = readFileSync('polls.jsonl', 'utf8').trim().split('\\n');
const cursor = existsSync('cursor') ? Number(readFileSync('cursor', 'utf8')) : 0;
writeFileSync('cursor', String(cursor + 1));
console.log(lines[Math.min(cursor, lines.length - 1)]);
`;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
  baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'success' }] }).id;
  work = scratchDir('shipgate-canary-advance-');
  routerInputs = installFileRouter(work);
  writeFileSync(join(work, 'metrics.mjs'), METRICS);
});
afterEach(async () => {
  await emulator?.close();
});

type Arm = { requests: number; errors: number };
const polls = (...lines: Array<[Arm, Arm]>) =>
  writeFileSync(join(work, 'polls.jsonl'), lines.map(([canary, baseline]) => JSON.stringify({ canary: { ...canary, slow: 0 }, baseline: { ...baseline, slow: 0 } })).join('\n'));
const weight = () => routerWeight(work);
const metricReads = () => Number(readFileSync(join(work, 'cursor'), 'utf8'));
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const inputs = (extra: Record<string, string> = {}) => ({
  sha: SHA,
  environment: 'production',
  steps: '10:1s,50:1s,100',
  interval: '1s',
  'min-requests': '50',
  ...routerInputs,
  'metrics-command': `node ${join(work, 'metrics.mjs')}`,
  mode: 'advance',
  ...extra,
});
const invoke = (extra: Record<string, string> = {}, run = '4242') =>
  runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs(extra), env: { GITHUB_RUN_ID: run } });
const canaryStatuses = () => {
  const [deployment] = emulator.deployments.filter((d) => d.id !== baselineId);
  return deployment ? emulator.statusesOf(deployment.id).reverse() : [];
};

describe('canary-step mode: advance (bundled), one step per invocation', () => {
  it('takes one step per invocation, keeps every poll in the deployment, and is promoted at the last', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 1 }]);
    const first = await invoke();
    expect(first.errors).toEqual([]);
    expect(first.outputs).toMatchObject({ decision: 'in-progress', step: '1/3', weight: '10' });
    expect(weight()).toBe(10);
    // The post step after an invocation that left the canary in progress on purpose changes nothing.
    const { post } = await runActionWithPost('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs({ 'dry-run': 'true' }) });
    expect(post.exitCode).toBe(0);
    await sleep(1100);
    const second = await invoke();
    expect(second.errors).toEqual([]);
    expect(second.outputs).toMatchObject({ decision: 'in-progress', step: '2/3', weight: '50' });
    expect(weight()).toBe(50);
    await sleep(1100);
    const third = await invoke();
    expect(third.errors).toEqual([]);
    expect(third.outputs).toMatchObject({ decision: 'promoted', step: '3/3', weight: '100' });
    expect(weight()).toBe(100);
    const descriptions = canaryStatuses()
      .filter((s) => !/ claim=/.test(s.description))
      .map((s) => `${s.state} ${s.description.replace(/since=\S+Z/, 'since=T')}`.slice(0, 90));
    expect(descriptions).toEqual([
      'in_progress shipgate canary step=1/3 weight=10 since=T by=4242-1',
      'in_progress shipgate canary step=1/3 weight=10 since=T poll=c100.0.0/b900.1.0 by=4242-1: n',
      'in_progress shipgate canary step=2/3 weight=50 since=T by=4242-1: no harm found: canary er',
      'in_progress shipgate canary step=2/3 weight=50 since=T poll=c100.0.0/b900.1.0 by=4242-1: n',
      'in_progress shipgate canary step=3/3 weight=100 since=T by=4242-1: no harm found: canary e',
      'success shipgate: canary promoted: 2222222 at 100%',
    ]);
    // A later scheduled invocation only reports the end.
    const fourth = await invoke();
    expect(fourth.exitCode).toBe(0);
    expect(fourth.outputs).toMatchObject({ decision: 'promoted', weight: '100' });
    expect(metricReads()).toBe(2);
  });

  it('reaches the same decision as mode: run on the same data, with the judge’s evidence carried across invocations', async () => {
    // The canary fails 5x as often as the baseline: no single poll is enough (one poll adds at
    // most half the abort level), so the verdict needs evidence from more than one invocation.
    const data: Array<[Arm, Arm]> = [[{ requests: 400, errors: 8 }, { requests: 400, errors: 2 }], [{ requests: 400, errors: 9 }, { requests: 400, errors: 1 }], [{ requests: 400, errors: 10 }, { requests: 400, errors: 2 }]];
    polls(...data);
    const runMode = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs({ mode: 'run', 'max-error-rate': '100%', steps: '10:3s,50:3s,100' }) });
    expect(runMode.outputs.decision).toBe('aborted');
    const runReason = runMode.outputs.reason as string;
    const runReads = metricReads();
    expect(runReads).toBeGreaterThan(1);

    // The same stream, fresh records, one poll per invocation.
    writeFileSync(join(work, 'cursor'), '0');
    await emulator.close();
    emulator = await startEmulator();
    emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [] });
    baselineId = 0;
    const outcomes: string[] = [];
    for (let i = 0; i < runReads + 1; i++) {
      const run = await invoke({ 'max-error-rate': '100%', steps: '10:3s,50:3s,100' }, String(5000 + i));
      outcomes.push(run.outputs.decision as string);
      if (run.outputs.decision === 'aborted') {
        expect(run.outputs.reason).toBe(runReason);
        break;
      }
    }
    expect(outcomes.at(-1)).toBe('aborted');
    expect(outcomes.slice(0, -1).every((d) => d === 'in-progress')).toBe(true);
    expect(metricReads()).toBe(runReads);
    expect(canaryStatuses().at(-1)?.state).toBe('failure');
  });

  it('two invocations at once take one step', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 0 }]);
    await invoke();
    await sleep(1100);
    const [a, b] = await Promise.all([invoke({}, '7001'), invoke({}, '7002')]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    const reasons = [a.outputs.reason, b.outputs.reason].sort();
    expect(reasons.filter((r) => /changed nothing/.test(r ?? ''))).toHaveLength(1);
    expect(weight()).toBe(50);
    expect(metricReads()).toBe(1);
    const stepStarts = canaryStatuses().filter((s) => /^shipgate canary step=2\/3 weight=50 since=\S+Z( by=\S+)?(:|$)/.test(s.description));
    expect(stepStarts).toHaveLength(1);
  });

  it('two first invocations at once start one canary', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 0 }]);
    const [a, b] = await Promise.all([invoke({}, '7101'), invoke({}, '7102')]);
    expect([a.exitCode, b.exitCode], [...a.errors, ...b.errors, a.stdout, b.stdout].join('\n')).toEqual([0, 0]);
    expect(weight()).toBe(10);
    const canaries = emulator.deployments.filter((d) => d.id !== baselineId);
    const live = canaries.filter((d) => emulator.statusesOf(d.id)[0]?.state === 'in_progress');
    expect(live).toHaveLength(1);
    expect(emulator.statusesOf(live[0]!.id).filter((s) => /^shipgate canary step=1\/3 weight=10 since=\S+Z( by=\S+)?$/.test(s.description))).toHaveLength(1);
    // Either both saw no canary (the newer deployment closed itself) or one saw the other's.
    for (const other of canaries.filter((d) => d.id !== live[0]!.id)) expect(emulator.statusesOf(other.id)[0]).toMatchObject({ state: 'inactive', description: expect.stringMatching(/^shipgate: canary superseded by deployment/) });
    expect([a.outputs['deployment-id'], b.outputs['deployment-id']]).toEqual([String(live[0]!.id), String(live[0]!.id)]);
  });

  it('reports a canary that no invocation touched for advance-timeout', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 0 }]);
    await invoke();
    await sleep(1500);
    const later = await invoke({ 'advance-timeout': '1s' });
    expect(later.warnings.join('\n')).toMatch(/stalled canary: canary deployment \d+ of 2222222 has not been advanced since .* \(longer than advance-timeout 1\.0s\); it is at step 1\/3 with 10% of traffic/);
  });

  it('refuses the probe source in advance mode before anything is created', async () => {
    const run = await invoke({ 'metrics-command': '', 'canary-url': 'http://127.0.0.1:9', 'baseline-url': 'http://127.0.0.1:9' });
    expect(run.errors).toEqual([expect.stringMatching(/^canary-step: Input 'mode' 'advance' needs prometheus-url or metrics-command: the probe source measures only while a job runs/)]);
    expect(emulator.deployments.filter((d) => d.id !== baselineId)).toEqual([]);
  });
});

describe('canary-step mode: advance (bundled), what it trusts and what a failed invocation leaves', () => {
  it('counts a poll once when GitHub wrote its status but the answer was lost and the POST was retried', async () => {
    // 30 real requests per arm, then none: 30 is below min-requests (50), so step 1 must not end.
    polls([{ requests: 30, errors: 0 }, { requests: 30, errors: 0 }], [{ requests: 0, errors: 0 }, { requests: 0, errors: 0 }]);
    let loseNextPollAnswer = false;
    const target = new URL(emulator.url);
    const proxy = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const upstream = request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          const out: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => out.push(chunk));
          answer.on('end', () => {
            if (loseNextPollAnswer && req.method === 'POST' && body.toString().includes(' poll=')) {
              loseNextPollAnswer = false;
              res.writeHead(502, { 'content-type': 'application/json' }).end('{"message":"Server Error"}');
              return;
            }
            res.writeHead(answer.statusCode ?? 500, answer.headers).end(Buffer.concat(out));
          });
        });
        upstream.end(body);
      });
    });
    await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
    const viaProxy = (run: string) => runAction('canary-step', { apiUrl: `http://127.0.0.1:${(proxy.address() as { port: number }).port}`, cwd: work, inputs: inputs({ steps: '10:5s,50:5s,100' }), env: { GITHUB_RUN_ID: run } });
    try {
      await viaProxy('8001');
      await sleep(1100);
      loseNextPollAnswer = true;
      const second = await viaProxy('8002');
      expect(second.outputs.decision, second.stdout).toBe('in-progress');
      expect(canaryStatuses().filter((s) => s.description.includes(' poll=c30.'))).toHaveLength(2);
      await sleep(3000); // past the step's 5 s pause: only the missing requests hold it now
      const third = await viaProxy('8003');
      expect(third.errors).toEqual([]);
      expect(third.outputs).toMatchObject({ decision: 'in-progress', step: '1/3', weight: '10' });
      expect(weight()).toBe(10);
    } finally {
      proxy.close();
    }
  });

  it('refuses a step no invocation of its own explains (a foreign status jumping to 100 %), moving nothing', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 0 }]);
    await invoke({}, '8101');
    const [deployment] = emulator.deployments.filter((d) => d.id !== baselineId);
    await fetch(`${emulator.url}/repos/acme/app/deployments/${deployment!.id}/statuses`, {
      method: 'POST',
      headers: { authorization: 'token x', 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'in_progress', description: 'shipgate canary step=3/3 weight=100 since=2026-11-30T17:00:00Z' }),
    });
    await sleep(1100);
    const statusesBefore = canaryStatuses().length;
    const { main, post } = await runActionWithPost('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs(), env: { GITHUB_RUN_ID: '8102' } });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([expect.stringMatching(new RegExp(`^canary-step: canary deployment ${deployment!.id} has a status shipgate did not write \\(status \\d+ jumps from step 1 to step 3\\); nothing was moved`))]);
    expect(main.outputs.decision).toBeUndefined();
    expect(post.exitCode).toBe(0);
    expect(weight()).toBe(10);
    expect(canaryStatuses()).toHaveLength(statusesBefore);
  });

  it('refuses to act when the router reads back a weight other than the recorded step’s', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 0 }]);
    await invoke({}, '8201');
    writeFileSync(join(work, 'weight'), '50');
    await sleep(1100);
    const statusesBefore = canaryStatuses().length;
    const run = await invoke({}, '8202');
    expect(run.errors).toEqual([expect.stringMatching(/^canary-step: the command router reports 50% of traffic on the canary, but canary deployment \d+ records step 1\/3 at 10%; nothing was moved/)]);
    expect(weight()).toBe(50);
    expect(canaryStatuses()).toHaveLength(statusesBefore);
  });

  it('leaves the canary as it was for the next invocation when GitHub fails its claim (5xx), and the post step moves nothing', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 0 }]);
    await invoke({}, '8301');
    await sleep(1100);
    emulator.failNext('POST /repos/:owner/:repo/deployments/:id/statuses', { status: 502, count: 4 });
    const { main, post } = await runActionWithPost('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs(), env: { GITHUB_RUN_ID: '8302' } });
    expect(main.exitCode).toBe(1);
    expect(main.stdout).toMatch(/Canary deployment \d+ is left as it was at step 1\/3 \(10% on the canary\) for the next invocation: this one failed before moving any traffic/);
    expect(main.outputs).toMatchObject({ decision: 'in-progress', step: '1/3', weight: '10' });
    expect(post.exitCode).toBe(0);
    expect(weight()).toBe(10);
    expect(canaryStatuses()[canaryStatuses().length - 1]?.state).toBe('in_progress');
    const next = await invoke({}, '8303');
    expect(next.errors).toEqual([]);
    expect(next.outputs).toMatchObject({ decision: 'in-progress', step: '2/3', weight: '50' });
  });

  it('leaves the canary as it was when the metrics command prints a malformed line once', async () => {
    writeFileSync(join(work, 'polls.jsonl'), ['{"canary": oops', JSON.stringify({ canary: { requests: 100, errors: 0, slow: 0 }, baseline: { requests: 900, errors: 0, slow: 0 } })].join('\n'));
    await invoke({}, '8401');
    await sleep(1100);
    const { main, post } = await runActionWithPost('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs(), env: { GITHUB_RUN_ID: '8402' } });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toEqual([expect.stringMatching(/^canary-step: Input 'metrics-command' must print one JSON line/)]);
    expect(main.outputs.reason).toMatch(/^left as it was at step 1\/3 \(10% on the canary\) for the next invocation, which will judge it: Input 'metrics-command' must print one JSON line/);
    expect(post.exitCode).toBe(0);
    expect(weight()).toBe(10);
    const next = await invoke({}, '8403');
    expect(next.errors).toEqual([]);
    expect(next.outputs).toMatchObject({ decision: 'in-progress', step: '2/3', weight: '50' });
  });
});

describe('canary-step mode: advance with start: false (the scheduled advance), never a new canary', () => {
  it('with no canary open in the environment: does nothing, says so in one line, decision none, exit 0', async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 1 }]);
    const run = await invoke({ start: 'false' });
    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ decision: 'none' });
    expect(run.stdout).toContain('No canary is open in production: nothing to advance');
    expect(emulator.deployments.map((d) => d.id)).toEqual([baselineId]);
    expect(weight()).toBeUndefined(); // the router was never called
  });

  it("advances the environment's open canary, found in its records, whatever sha it is given", async () => {
    polls([{ requests: 100, errors: 0 }, { requests: 900, errors: 1 }]);
    const first = await invoke();
    expect(first.outputs).toMatchObject({ decision: 'in-progress', step: '1/3' });
    await sleep(1100);
    // A schedule runs on main's head: here the stable commit, which must not get a canary.
    const scheduled = await invoke({ start: 'false', sha: STABLE_SHA }, '4343');
    expect(scheduled.errors).toEqual([]);
    expect(scheduled.outputs).toMatchObject({ decision: 'in-progress', step: '2/3', weight: '50', sha: SHA });
    expect(emulator.deployments.filter((d) => d.id !== baselineId).map((d) => d.sha)).toEqual([SHA]);
    expect(weight()).toBe(50);
  });

  it('refuses start: false with mode: run before anything is created', async () => {
    const run = await invoke({ start: 'false', mode: 'run' });
    expect(run.exitCode).toBe(1);
    expect(run.errors.join('\n')).toMatch(/Input 'start' 'false' works only with mode: advance/);
    expect(emulator.deployments.map((d) => d.id)).toEqual([baselineId]);
  });
});
