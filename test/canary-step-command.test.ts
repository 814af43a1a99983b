import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { runAction, scratchDir } from './helpers/run-action';
import { installFileRouter, routerWeight } from './helpers/file-router';

const SHA = '2222222222222222222222222222222222222222';
const STABLE_SHA = '1111111111111111111111111111111111111111';

let emulator: Emulator;
let work: string;
let routerInputs: ReturnType<typeof installFileRouter>;
let baselineId: number;

/** A metrics command printing the poll line the test wrote (counts since its previous run). */
const METRICS = `import { existsSync, readFileSync } from 'node:fs';
if (!existsSync('poll.json')) { console.error('monitoring is down'); process.exit(2); }
console.log(readFileSync('poll.json', 'utf8').trim());
`;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE_SHA, tree: 'e'.repeat(40), parents: [] });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE_SHA] });
  baselineId = emulator.seedDeployment({ sha: STABLE_SHA, environment: 'production', productionEnvironment: true, statuses: [{ state: 'success' }] }).id;
  work = scratchDir('shipgate-canary-command-');
  routerInputs = installFileRouter(work);
  writeFileSync(join(work, 'metrics.mjs'), METRICS);
});
afterEach(async () => {
  await emulator?.close();
});

const poll = (canary: { requests: number; errors: number }, baseline: { requests: number; errors: number }) =>
  writeFileSync(join(work, 'poll.json'), JSON.stringify({ canary: { ...canary, slow: 0 }, baseline: { ...baseline, slow: 0 } }));
const weight = () => routerWeight(work);

const inputs = (extra: Record<string, string> = {}) => ({
  sha: SHA,
  environment: 'production',
  steps: '10:1s,50:1s,100',
  interval: '1s',
  'min-requests': '50',
  ...routerInputs,
  'metrics-command': `node ${join(work, 'metrics.mjs')}`,
  ...extra,
});
const canary = (extra: Record<string, string> = {}) => runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs(extra) });
const created = () => emulator.deployments.filter((d) => d.id !== baselineId);
const lastStatus = () => {
  const [deployment] = created();
  return deployment && emulator.statusesOf(deployment.id)[0];
};

describe('canary-step (bundled): no data is never a pass', () => {
  it('holds the weight and fails the step when the canary gets no traffic (on-no-data: pause)', async () => {
    poll({ requests: 0, errors: 0 }, { requests: 100, errors: 0 });
    const run = await canary({ 'max-step-wait': '2s' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^canary-step: canary 2222222: held at step 1\/3 \(10%\), traffic held at 10% for you to inspect: not enough data after 2\.\ds at 10%: 0 canary and \d+ baseline requests of the 50 each arm needs$/)]);
    expect(run.outputs).toMatchObject({ decision: 'aborted', weight: '10', step: '1/3' });
    expect(weight()).toBe(10);
    expect(lastStatus()).toMatchObject({ state: 'failure', description: expect.stringMatching(/^shipgate: canary paused at 10%: not enough data/) });
    expect(emulator.statusesOf(created()[0]!.id).map((s) => s.state)).not.toContain('success');
  });

  it('puts traffic back on stable when monitoring is down (on-no-data: rollback), without the rolled-back marker', async () => {
    const run = await canary({ 'max-step-wait': '2s', 'on-no-data': 'rollback' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/stopped for lack of data at step 1\/3 \(10%\), traffic back on stable: not enough data after 2\.\ds at 10%: 0 canary and 0 baseline requests of the 50 each arm needs \(last no-data poll: metrics-command .*monitoring is down/);
    expect(weight()).toBe(0);
    expect(lastStatus()).toMatchObject({ state: 'failure', description: expect.stringMatching(/^shipgate: canary stopped, not enough data; traffic back on stable: /) });
  });
});

describe('canary-step (bundled): aborting', () => {
  it('retries a router that fails while aborting, then says loudly that the weight may still be on the canary', async () => {
    poll({ requests: 100, errors: 30 }, { requests: 100, errors: 0 });
    writeFileSync(join(work, 'refuse-zero'), '');
    const run = await canary();
    expect(run.exitCode).toBe(1);
    const attempts = run.stdout.match(/could not put traffic back on stable \(attempt \d of 3\)/g) ?? [];
    expect(attempts).toHaveLength(3);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/aborted at step 1\/3 \(10%\), weight may still be 10% on the canary: the router failed 3 times: canary error rate 30% is above the limit 1%, 100 canary requests this step$/);
    expect(run.outputs).toMatchObject({ decision: 'aborted', weight: '10' });
    expect(weight()).toBe(10);
    expect(lastStatus()).toMatchObject({ state: 'failure', description: expect.stringMatching(/^shipgate: rolled back: weight may still be 10% on the canary: the router failed 3 times; canary error rate/) });
  });

  it('leaves the weight where it is with on-failure: pause, and fails the step with the judge\'s reason', async () => {
    poll({ requests: 100, errors: 30 }, { requests: 100, errors: 0 });
    const run = await canary({ 'on-failure': 'pause' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/aborted at step 1\/3 \(10%\), traffic held at 10% for you to inspect: canary error rate/);
    expect(weight()).toBe(10);
    expect(lastStatus()).toMatchObject({ state: 'failure', description: expect.stringMatching(/^shipgate: canary paused at 10%: canary error rate/) });
  });
});

describe('canary-step (bundled): bad input is one error before anything is created or moved', () => {
  it.each([
    [{ steps: '10,5,100' }, /^canary-step: Input 'steps' must rise step by step; 5 comes after 10$/],
    [{ steps: '10,150' }, /^canary-step: Input 'steps' has weight 150: each weight is a whole percentage from 1 to 100$/],
    [{ steps: '10,50' }, /^canary-step: Input 'steps' must end at 100/],
    [{ steps: '100' }, /^canary-step: Input 'steps' \(100\) must have at least one weight below 100, e.g. 10,50,100/],
    [{ steps: '100:5m', 'max-step-wait': '' }, /^canary-step: Input 'steps' \(100:5m\) must have at least one weight below 100/],
    [{ router: 'nginx' }, /^canary-step: Input 'nginx-config' /],
    [{ 'canary-url': 'http://127.0.0.1:9' }, /^canary-step: Input 'metrics-command' cannot be set together with canary-url/],
    [{ 'metrics-command': '' }, /^canary-step: Input 'canary-url' is required, or prometheus-url, or metrics-command: canary-step needs one metric source/],
    [{ 'slow-threshold': 'fast' }, /^canary-step: Input 'slow-threshold' must be a latency above zero like 250ms or 1\.5s; got 'fast'$/],
    [{ 'probe-rate': 'lots' }, /^canary-step: Input 'probe-rate' must be requests per second to each URL/],
    [{ 'harm-margin': '0.5' }, /^canary-step: Input 'harm-margin' must be a canary\/baseline ratio from 1 to 10/],
    [{ 'max-step-wait': '500ms' }, /^canary-step: Input 'max-step-wait' \(500ms\) must be at least the longest step's pause \(1\.0s\)/],
    [{ 'set-weight-command': 'kubectl set weight $W' }, /^canary-step: Input 'set-weight-command' /],
    [{ strategy: 'blue-green' }, /^canary-step: Input 'canary-url' is required for strategy: blue-green: the new version is checked on its own URL at 0 %/],
    [{ strategy: 'blue-green', mode: 'advance' }, /^canary-step: Input 'strategy' 'blue-green' runs in mode: run/],
  ])('%o', async (extra, message) => {
    const run = await canary(extra);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(created()).toEqual([]);
    expect(weight()).toBeUndefined();
  });
});

describe('canary-step (bundled): dry run', () => {
  it('validates the inputs and prints the plan, creating nothing and moving no traffic', async () => {
    const run = await canary({ 'dry-run': 'true', steps: '10:5m,25:10m,50:10m,100' });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`[dry-run] canary of ${SHA} in production: 10% for 5m → 25% for 10m → 50% for 10m → 100%, router command, metrics command`);
    expect(created()).toEqual([]);
    expect(weight()).toBeUndefined();
  });
});

describe('canary-step (bundled): the post step', () => {
  it('after a crash, retries a router that refuses to go back to 0, then marks the deployment error saying the weight may still be on the canary', async () => {
    poll({ requests: 100, errors: 0 }, { requests: 100, errors: 0 });
    const main = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs({ steps: '10:30s,100' }), timeoutMs: 3000 });
    expect(main.exitCode).toBe(null);
    expect(weight()).toBe(10);
    writeFileSync(join(work, 'refuse-zero'), '');
    const post = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs({ steps: '10:30s,100' }), postState: main.state });
    expect(post.exitCode).toBe(1);
    expect(post.errors).toEqual([expect.stringMatching(/^canary-step: deployment \d+: shipgate: the job ended mid-canary \(cancelled or crashed\); weight may still be 10% on the canary: the router failed 3 times$/)]);
    expect(lastStatus()).toMatchObject({ state: 'error', description: 'shipgate: the job ended mid-canary (cancelled or crashed); weight may still be 10% on the canary: the router failed 3 times' });
  });

  it('neutralises workflow commands the router prints, so ::error:: from set-weight-command is only text in the log', async () => {
    poll({ requests: 100, errors: 0 }, { requests: 100, errors: 0 });
    writeFileSync(
      join(work, 'loud-router.mjs'),
      `import { writeFileSync } from 'node:fs';
const [what] = process.argv.slice(2);
if (what === '50') { process.stdout.write('::warning::ROUTER-FAIL-OUT\\n'); process.stderr.write(':'); setTimeout(() => { process.stderr.write(':error::ROUTER-STDERR\\n'); process.exit(1); }, 50); }
else { writeFileSync('weight', what); console.log('::error::FROM-ROUTER'); console.log('::set-output name=decision::hacked'); }
`,
    );
    const run = await canary({ 'set-weight-command': `node ${join(work, 'loud-router.mjs')} {weight}`, 'get-weight-command': '' });
    expect(run.stdout).toContain('FROM-ROUTER');
    expect(run.stdout + run.stderr).toContain('ROUTER-STDERR');
    expect(run.warnings.filter((w) => /ROUTER-FAIL-OUT/.test(w))).toEqual([]);
    expect(run.stdout.split('\n').filter((line) => /^\s*::(error::FROM-ROUTER|error::ROUTER-STDERR|warning::ROUTER-FAIL-OUT|set-output)/.test(line))).toEqual([]);
    // The one error line is shipgate's own (quoting the router's reason as text).
    expect(run.errors).toEqual([expect.stringMatching(/^canary-step: canary stopped at step 2\/3: Input 'set-weight-command' could not set the canary weight to 50%/)]);
    expect(run.outputs.decision).toBe('aborted');
  });

  it('sets every output, writes the report and the summary when the router refuses mid-rollout', async () => {
    poll({ requests: 100, errors: 0 }, { requests: 100, errors: 0 });
    writeFileSync(
      join(work, 'refusing-router.mjs'),
      `import { writeFileSync } from 'node:fs';
const [what] = process.argv.slice(2);
if (what === '50') { console.error('router refused 50'); process.exit(1); }
writeFileSync('weight', what);
`,
    );
    const run = await canary({ 'set-weight-command': `node ${join(work, 'refusing-router.mjs')} {weight}`, 'get-weight-command': '' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ decision: 'aborted', weight: '0', step: '2/3' });
    expect(run.outputs.reason).toMatch(/could not set the canary weight to 50%/);
    const report = JSON.parse(readFileSync(run.outputs.report as string, 'utf8'));
    expect(report).toMatchObject({ decision: 'aborted', weight: 0, step: 2 });
    expect(report.steps.map((s: { verdict: string }) => s.verdict)).toEqual(['advanced', 'router-failed']);
    expect(run.summary).toMatch(/❌ stopped/);
    // The chart's weight line ends where traffic is: back on stable.
    expect(run.summary.split('\n').find((line) => line.trim().startsWith('line ['))).toMatch(/, 0\]$/);
    expect(weight()).toBe(0);
  });

  it('ends a run whose metrics command prints a malformed line with the metrics-command reason, traffic back on stable', async () => {
    writeFileSync(join(work, 'poll.json'), '{"canary": oops');
    const run = await canary();
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringMatching(/^canary-step: Input 'metrics-command' must print one JSON line/)]);
    expect(run.outputs).toMatchObject({ decision: 'aborted', weight: '0', step: '1/3' });
    expect(run.outputs.reason).toMatch(/traffic back on stable: Input 'metrics-command' must print one JSON line/);
    expect(lastStatus()).toMatchObject({ state: 'error', description: expect.stringMatching(/^shipgate: canary stopped at step 1\/3; traffic back on stable: Input 'metrics-command' must print/) });
    expect(run.summary).toMatch(/metrics-command/);
    expect(weight()).toBe(0);
  });

  it('runs one canary when two mode: run jobs start at once; the other stops with one line naming it, having moved nothing', async () => {
    poll({ requests: 100, errors: 0 }, { requests: 100, errors: 0 });
    const [a, b] = await Promise.all([
      runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs({ steps: '10:2s,50:2s,100' }), env: { GITHUB_RUN_ID: '1' } }),
      runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs({ steps: '10:2s,50:2s,100' }), env: { GITHUB_RUN_ID: '2' } }),
    ]);
    const [winner, loser] = a.exitCode === 0 ? [a, b] : [b, a];
    expect(winner.exitCode).toBe(0);
    expect(winner.outputs.decision).toBe('promoted');
    expect(loser.exitCode).toBe(1);
    expect(loser.errors).toEqual([expect.stringMatching(/^canary-step: canary deployment \d+ of 2222222 (is still open|started) in production/)]);
    expect(loser.stdout).not.toMatch(/command router: canary weight/);
    const states = created().map((d) => emulator.statusesOf(d.id)[0]?.state).sort();
    expect(states.filter((state) => state === 'success')).toHaveLength(1);
    expect(weight()).toBe(100);
  });

  it('refuses a mode: run canary while another canary of the environment is still open', async () => {
    poll({ requests: 100, errors: 0 }, { requests: 100, errors: 0 });
    await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs({ mode: 'advance' }) });
    const open = created()[0]!;
    const run = await canary();
    expect(run.errors).toEqual([`canary-step: canary deployment ${open.id} of 2222222 is still open in production: two canaries would drive the same router. Let it finish, or roll it back, then run this one; nothing was created and no traffic moved`]);
    expect(created()).toHaveLength(1);
    expect(weight()).toBe(10);
  });
});
