import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator';
import { runAction, scratchDir, type ActionRun, type RunOptions } from '../helpers/run-action';
import { observe } from './observe';

const MINUTE = 60_000;
const GOOD = '1'.repeat(40);
const BAD = '2'.repeat(40);
const CREATE = 'POST /repos/:owner/:repo/deployments';

let emulator: Emulator;
let work: string;
let good: number;
let bad: number;

beforeEach(async () => {
  emulator = await startEmulator();
  work = scratchDir('shipgate-rollback-faults-');
  for (const sha of [GOOD, BAD]) emulator.addCommit({ sha, tree: `e${sha.slice(1)}`, parents: [], message: sha.slice(0, 1) });
  const seed = (sha: string, minutesAgo: number) =>
    emulator.seedDeployment({
      sha,
      environment: 'production',
      payload: { shipgate: { kind: 'deploy', version: `v${sha.slice(0, 1)}` } },
      createdAt: new Date(Date.now() - minutesAgo * MINUTE),
      statuses: [{ state: 'success', createdAt: new Date(Date.now() - minutesAgo * MINUTE) }],
    }).id;
  good = seed(GOOD, 20);
  bad = seed(BAD, 10);
});
afterEach(async () => {
  await emulator.close();
});

const rollback = (inputs: Record<string, string>, options: RunOptions = {}) =>
  runAction('rollback', { apiUrl: emulator.url, cwd: work, ...options, inputs: { reason: 'errors', ...inputs } });

function oneLine(run: ActionRun): string {
  expect(run.exitCode).toBe(1);
  expect(run.errors).toHaveLength(1);
  expect(run.errors[0]).not.toContain('bug in shipgate');
  return run.errors[0] as string;
}

const rollbacks = () => emulator.deployments.filter((d) => (d.payload as { shipgate?: { kind?: string } }).shipgate?.kind === 'rollback');
const states = (id: number) => emulator.statusesOf(id).map((s) => s.state);

/**
 * A command that runs for `seconds` and exits early when the process that started it is gone
 * (so a test that kills the action leaves no process behind).
 */
function slowCommand(seconds: number): string {
  const script = join(work, 'slow.mjs');
  writeFileSync(script, `const parent = process.ppid;\nsetInterval(() => { try { process.kill(parent, 0); } catch { process.exit(0); } }, 100);\nsetTimeout(() => process.exit(0), ${seconds * 1000});\n`);
  return `node ${script}`;
}

describe('rollback: faults', () => {
  it('the router failing mid-rollback leaves the rollback failure, the bad deployment unmarked, and says which weight is in force', async (ctx) => {
    const script = join(work, 'set-weight.mjs');
    writeFileSync(script, `if (process.argv[2] === '10') { console.error('gateway timeout'); process.exit(1); }\n`);
    const run = await rollback({ 'set-weight-command': `node ${script} {weight}`, steps: '50,10,0' });
    const line = oneLine(run);
    expect(line).toMatch(/^rollback: rollback of production to v1 failed: Input 'set-weight-command' could not set the canary weight to 10%: .*gateway timeout.*50% canary/);
    const [created] = rollbacks();
    expect(states(created?.id as number)).toEqual(['failure', 'in_progress']);
    // The router's message quotes the command's output: the error line has it, GitHub's records do not.
    expect(emulator.statusesOf(created?.id as number)[0]?.description).toBe(
      'shipgate: rollback failed: the command router setting the canary weight to 10% failed; the canary weight last set was 50% (see the job log)',
    );
    expect(states(bad)).toEqual(['success']);
    expect(run.summary).toContain('50% canary');
    expect(run.summary).not.toContain('gateway timeout');
    observe(ctx, { injected: 'set-weight-command exits 1 at the second step (50 → 10) of steps: 50,10,0', observed: `${line} — rollback record ${states(created?.id as number)[0]}, bad deployment still ${states(bad)[0]}` });
  });

  it('SIGTERM during the redeploy: the rollback record ends error, the bad deployment is untouched, the post step has nothing left open', async (ctx) => {
    const main = await rollback({ command: slowCommand(30) }, { cancelAfterMs: 1500 });
    const post = await rollback({ command: slowCommand(30) }, { postState: main.state });
    const [created] = rollbacks();
    expect(main.exitCode).toBe(1);
    expect(states(created?.id as number)).toEqual(['error', 'in_progress']);
    expect(emulator.statusesOf(created?.id as number)[0]?.description).toBe('shipgate: rollback failed: cancelled while the redeploy command was running');
    expect(states(bad)).toEqual(['success']);
    expect(post.exitCode).toBe(0);
    expect(post.warnings).toEqual([]);
    observe(ctx, {
      injected: 'the runner cancels the job (SIGINT, then SIGTERM) while the redeploy command runs',
      observed: `${main.errors[0] ?? `exit ${main.exitCode}`}; rollback record ${states(created?.id as number).join(' ← ')}; bad deployment ${states(bad)[0]}`,
    });
  });

  it('the job killed outright during the redeploy: the post step closes the rollback record as error', async (ctx) => {
    // SIGKILL after 2 s: main cannot react; only what it saved with saveState reaches the post step.
    const main = await rollback({ command: slowCommand(30) }, { timeoutMs: 2000 });
    expect(main.exitCode).toBe(null);
    const [created] = rollbacks();
    expect(states(created?.id as number)).toEqual(['in_progress']);
    const post = await rollback({}, { postState: main.state });
    expect(post.exitCode).toBe(0);
    expect(states(created?.id as number)).toEqual(['error', 'in_progress']);
    expect(post.warnings).toEqual([`Rollback deployment ${created?.id} was still open when the job ended; marked it error`]);
    expect(states(bad)).toEqual(['success']);
    observe(ctx, { injected: 'the rollback step is killed (SIGKILL) while its redeploy command runs', observed: `post step: "${post.warnings[0]}"; rollback record ${states(created?.id as number).join(' ← ')}` });
  });

  it('GitHub refusing the rollback deployment create (502 every time) is one line; nothing ran and nothing was marked', async (ctx) => {
    const argvFile = join(work, 'ran');
    writeFileSync(join(work, 'redeploy.mjs'), `import { writeFileSync } from 'node:fs'; writeFileSync(${JSON.stringify(argvFile)}, 'x');\n`);
    emulator.failNext(CREATE, { status: 502, count: 50 });
    const run = await rollback({ command: `node ${join(work, 'redeploy.mjs')}` });
    const line = oneLine(run);
    expect(line).toMatch(/GitHub failed to create .*502/);
    expect(existsSync(argvFile)).toBe(false);
    expect(states(bad)).toEqual(['success']);
    expect(states(good)).toEqual(['success']);
    observe(ctx, { injected: 'POST /deployments answers 502 to every attempt', observed: `${line}; redeploy ran: ${existsSync(argvFile) ? 'yes' : 'no'}; bad deployment ${states(bad)[0]}` });
  });

  it.for([500, 422] as const)(
    'GitHub answering %i when the bad deployment is marked rolled back: the restore stands, outputs are set, one line says what to mark by hand',
    async (status, ctx) => {
      emulator.failNext(`POST /repos/acme/app/deployments/${bad}/statuses` as Parameters<Emulator['failNext']>[0], { status, count: 20 });
      const run = await rollback({ command: 'true' });
      const line = oneLine(run);
      const [created] = rollbacks();
      expect(states(created?.id as number)).toEqual(['success', 'in_progress']);
      expect(run.outputs).toMatchObject({ status: 'success', 'rolled-back-to': GOOD, 'deployment-id': String(created?.id) });
      expect(Number(run.outputs['duration-ms'])).toBeGreaterThan(0);
      expect(line).toMatch(
        new RegExp(
          `^rollback: production was rolled back to v1 \\(deployment #${created?.id} succeeded, in \\d+ ms\\); the restore succeeded, but marking the rolled-back deployment\\(s\\) failed: GitHub (failed|refused) to add a status to deployment ${bad}: it answered ${status} .*Until #${bad} is marked state failure with the description "shipgate: rolled back: errors" \\(by hand, or with gh api\\), staging-gate-check does not know 2222222 was rolled back$`,
        ),
      );
      expect(states(bad)).toEqual(['success']);
      expect(run.summary).toContain(`Until #${bad} is marked`);
      observe(ctx, { injected: `POST /deployments/<bad>/statuses answers ${status} (every attempt), after the rollback deployment reached success`, observed: `${line}; outputs status=${run.outputs.status}` });
    },
  );

  it.for([
    ['reason', 'x\n::add-mask::ghs\n::error::forged', "Input 'reason' must be one line without control characters; it holds a newline (U+000A)"],
    ['to', '--output=/tmp/pwned', "Input 'to' must not start with '-' (git and commands would read it as an option)"],
    ['steps', '50,10', "Input 'steps' must end at 0 (all traffic back on stable)"],
    ['nginx-config', '/nonexistent/upstream.conf', "Input 'nginx-config' must be the upstream file shipgate rewrites; /nonexistent/upstream.conf does not exist"],
  ] as const)('hostile or wrong %s is one error naming it, before any call to GitHub', async ([input, value, expected], ctx) => {
    emulator.clearRequests();
    const run = await rollback({ command: 'true', ...(input === 'nginx-config' ? { router: 'nginx' } : input === 'steps' ? { 'set-weight-command': 'true {weight}' } : {}), [input]: value });
    const line = oneLine(run);
    expect(line).toContain(expected);
    expect(run.stdout).not.toMatch(/^::error::forged/m);
    expect(emulator.requests).toEqual([]);
    observe(ctx, { injected: `${input}: ${JSON.stringify(value)}`, observed: `${line}; ${emulator.requests.length} GitHub calls` });
  });
});
