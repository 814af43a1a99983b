import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { runAction, scratchDir } from '../helpers/run-action';
import { observe } from './observe';
import { installFileRouter, routerWeight } from '../helpers/file-router';

const SHA = '2222222222222222222222222222222222222222';
let emulator: Emulator;
let work: string;
let routerInputs: ReturnType<typeof installFileRouter>;

const METRICS = `console.log(JSON.stringify({ canary: { requests: 100, errors: 0, slow: 0 }, baseline: { requests: 100, errors: 0, slow: 0 } }));`;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [] });
  work = scratchDir('shipgate-canary-reliability-');
  routerInputs = installFileRouter(work);
  writeFileSync(join(work, 'metrics.mjs'), METRICS);
});
afterEach(async () => {
  await emulator?.close();
});

const inputs = () => ({
  sha: SHA,
  environment: 'production',
  steps: '10:1s,100',
  interval: '1s',
  'min-requests': '50',
  ...routerInputs,
  'metrics-command': `node ${join(work, 'metrics.mjs')}`,
});
const weight = () => routerWeight(work);

describe('canary-step under faults', () => {
  it('GitHub refuses deployment statuses once the canary has traffic: traffic goes back to stable, the post step closes the deployment', async (context) => {
    emulator.failNext('POST /repos/:owner/:repo/deployments/:id/statuses', { status: 403, count: 2, body: { message: 'Resource not accessible by integration' } });
    const main = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs() });
    expect(main.exitCode).toBe(1);
    expect(main.errors).toHaveLength(1);
    expect(weight()).toBe(0);
    const [deployment] = emulator.deployments;
    expect(deployment).toBeDefined();
    const post = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: inputs(), postState: main.state });
    expect(post.exitCode).toBe(0);
    const final = emulator.statusesOf(deployment!.id)[0];
    expect(final).toMatchObject({ state: 'error' });
    observe(context, {
      injected: 'GitHub answers 403 to the first two deployment statuses (the first step and the crash report)',
      observed: `main: "${main.errors[0]?.slice(0, 160)}", canary weight ${weight()}%; post: deployment ${final?.state} "${final?.description}"`,
    });
  });

  it('the metrics command hangs past its timeout at every poll: the step holds, never promotes', async (context) => {
    writeFileSync(join(work, 'metrics.mjs'), 'setTimeout(() => {}, 600_000);');
    const run = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: { ...inputs(), 'max-step-wait': '2s' }, timeoutMs: 120_000 });
    expect(run.exitCode).toBe(1);
    const [deployment] = emulator.deployments;
    const final = emulator.statusesOf(deployment!.id)[0];
    expect(final?.state).toBe('failure');
    expect(emulator.statusesOf(deployment!.id).some((s) => s.state === 'success')).toBe(false);
    observe(context, { injected: 'metrics-command never answers (killed at its 30 s timeout each poll)', observed: `"${run.errors[0]?.slice(0, 200)}"; deployment ${final?.state}, weight held at ${weight()}%` });
  }, 120_000);

  it('mode: advance, GitHub answers 502 to one invocation\'s claim: the canary stays at its step for the next invocation', async (context) => {
    const advance = { ...inputs(), steps: '10:1s,50:1s,100', mode: 'advance' };
    await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: advance, env: { GITHUB_RUN_ID: '9001' } });
    await new Promise((done) => setTimeout(done, 1100));
    emulator.failNext('POST /repos/:owner/:repo/deployments/:id/statuses', { status: 502, count: 4 });
    const failed = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: advance, env: { GITHUB_RUN_ID: '9002' } });
    const post = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: advance, postState: failed.state });
    expect(failed.exitCode).toBe(1);
    expect(post.exitCode).toBe(0);
    const weightAfterFailure = weight();
    expect(weightAfterFailure).toBe(10);
    const next = await runAction('canary-step', { apiUrl: emulator.url, cwd: work, inputs: advance, env: { GITHUB_RUN_ID: '9003' } });
    expect(next.outputs).toMatchObject({ decision: 'in-progress', step: '2/3' });
    const left = failed.stdout.split('\n').find((line) => line.startsWith('Canary deployment')) ?? '';
    observe(context, {
      injected: 'GitHub answers 502 four times to the deployment-status POST of the second advance invocation (its claim)',
      observed: `failed invocation: "${left}", exit ${failed.exitCode}; post step exit ${post.exitCode}; weight ${weightAfterFailure}%; next invocation: ${next.outputs.decision} at step ${next.outputs.step}, ${weight()}%`,
    });
  });
});
