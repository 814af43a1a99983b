import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { seedPassedDeployment } from './helpers/gate-seeding';
import { promotionHistory } from './helpers/git-history';
import { startApp, type LocalApp } from './helpers/http-app';
import { runAction, scratchDir, type RunOptions } from './helpers/run-action';

const MINUTE = 60_000;
const sha = (digit: string) => digit.repeat(40);
const S1 = sha('1');
const S2 = sha('2');
const S3 = sha('3');
const tree = (s: string) => `e${s.slice(1)}`;

let emulator: Emulator;
let work: string;
let apps: LocalApp[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
  for (const s of [S1, S2, S3]) emulator.addCommit({ sha: s, tree: tree(s), parents: [], message: s.slice(0, 1) });
  emulator.setRef('v1.0.0', S1);
  work = scratchDir();
});
afterEach(async () => {
  await emulator.close();
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

/** A production deployment as staging-deploy leaves it, `minutesAgo` old, ending in `end`. */
function seedProduction(s: string, minutesAgo: number, end: 'success' | 'failure' | 'in_progress', extra: { kind?: 'deploy' | 'canary'; laterFailure?: string } = {}) {
  const at = new Date(Date.now() - minutesAgo * MINUTE);
  return emulator.seedDeployment({
    sha: s,
    environment: 'production',
    productionEnvironment: true,
    payload: { shipgate: { kind: extra.kind ?? 'deploy', version: `v-${s.slice(0, 1)}`, ref: s, tree: tree(s) } },
    createdAt: at,
    statuses: [
      { state: 'in_progress', createdAt: at, description: 'shipgate: deploying' },
      ...(end === 'in_progress' ? [] : [{ state: end, createdAt: new Date(at.getTime() + 1000), description: end === 'success' ? 'shipgate: deployed' : 'shipgate: command exited with code 1', environmentUrl: end === 'success' ? 'https://app.example.test' : undefined }]),
      ...(extra.laterFailure ? [{ state: 'failure' as const, createdAt: new Date(at.getTime() + 2000), description: extra.laterFailure }] : []),
    ],
  });
}

/** A redeploy "command" that records the argv it got (and can fail). */
function recordingCommand(exitCode = 0): { command: string; argvFile: string } {
  const argvFile = join(work, 'redeploy-argv.json');
  const script = join(work, 'redeploy.mjs');
  writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)));\nif (${exitCode}) { console.error('registry unreachable'); process.exit(${exitCode}); }\n`);
  return { command: `node ${script} {sha} {version} {environment}`, argvFile };
}

const rollback = (inputs: Record<string, string>, options: RunOptions = {}) =>
  runAction('rollback', { apiUrl: emulator.url, cwd: work, ...options, env: { GITHUB_ACTOR: 'octocat', ...options.env }, inputs: { reason: 'error rate 4%', ...inputs } });

const latest = (id: number) => emulator.statusesOf(id)[0];
const writes = () => emulator.requests.filter((r) => r.method !== 'GET' && !(r.method === 'POST' && r.path.endsWith('/graphql')));

describe('rollback (bundled, against the GitHub emulator)', () => {
  it('S1 ✓, S2 ✓, S3 ✗: redeploys S2, records the rollback and quarantines S3', async () => {
    seedProduction(S1, 30, 'success');
    const s2 = seedProduction(S2, 20, 'success');
    const s3 = seedProduction(S3, 10, 'failure');
    const { command, argvFile } = recordingCommand();

    const run = await rollback({ command });

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual([S2, 'v-2', 'production']);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': S3, 'rolled-back-to': S2, status: 'success' });
    expect(Number(run.outputs['duration-ms'])).toBeGreaterThan(0);
    const id = Number(run.outputs['deployment-id']);
    const created = emulator.deployments.find((d) => d.id === id);
    expect(created).toMatchObject({
      sha: S2,
      environment: 'production',
      production_environment: true,
      payload: { shipgate: { kind: 'rollback', version: 'v-2', rolled_back_from: S3, rolled_back_tree: tree(S3), rolled_back_deployment: s3.id, reason: 'error rate 4%', triggered_by: 'octocat', tree: tree(S2) } },
    });
    expect(emulator.statusesOf(id).map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(latest(id)).toMatchObject({ environment_url: 'https://app.example.test', log_url: 'https://github.com/acme/app/actions/runs/4242' });
    expect(latest(s3.id)).toMatchObject({ state: 'failure', description: 'shipgate: rolled back: error rate 4%' });
    expect(latest(s2.id)?.state).toBe('success');
    expect(run.summary).toContain('Quarantined');
    expect(run.summary).toContain(`redeploy command`);
    expect(run.summary).toContain('not touched (no router)');
    expect(run.summary).toContain('octocat');
  });

  it('S1 ✓, S2 ✓ (current): rolls back to S1', async () => {
    seedProduction(S1, 30, 'success');
    const s2 = seedProduction(S2, 20, 'success');
    const { command, argvFile } = recordingCommand();
    const run = await rollback({ command });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': S2, 'rolled-back-to': S1 });
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))[0]).toBe(S1);
    expect(latest(s2.id)?.description).toBe('shipgate: rolled back: error rate 4%');
  });

  it('skips a deployment that was itself rolled back when choosing previous', async () => {
    seedProduction(S1, 40, 'success');
    // S2 went out, was rolled back to S1; then S3 went out and is current.
    seedProduction(S2, 30, 'success', { laterFailure: 'shipgate: rolled back: latency' });
    emulator.seedDeployment({
      sha: S1,
      environment: 'production',
      payload: { shipgate: { kind: 'rollback', version: 'v-1', rolled_back_from: S2, reason: 'latency' } },
      createdAt: new Date(Date.now() - 25 * MINUTE),
      statuses: [{ state: 'success', createdAt: new Date(Date.now() - 25 * MINUTE) }],
    });
    seedProduction(S3, 10, 'success');
    const { command } = recordingCommand();
    const run = await rollback({ command });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': S3, 'rolled-back-to': S1 });
  });

  it('resolves a tag to its sha, and takes a deployment id', async () => {
    const s1 = seedProduction(S1, 30, 'success');
    seedProduction(S2, 20, 'success');
    seedProduction(S3, 10, 'success');
    const { command, argvFile } = recordingCommand();
    const byTag = await rollback({ command, to: 'v1.0.0' });
    expect(byTag.exitCode).toBe(0);
    expect(byTag.outputs['rolled-back-to']).toBe(S1);
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))[0]).toBe(S1);

    // Now S1 is current (the rollback); back to S2's deployment... which is S2, by id? S3 was rolled back, S2 is still good.
    const s2 = emulator.deployments.find((d) => d.sha === S2);
    const byId = await rollback({ command, to: String(s2?.id) });
    expect(byId.exitCode).toBe(0);
    expect(byId.outputs).toMatchObject({ 'rolled-back-from': S1, 'rolled-back-to': S2 });
    expect(s1.id).toBeLessThan(Number(byId.outputs['deployment-id']));
  });

  it('refuses a target that never succeeded there, changing nothing; force: true takes it', async () => {
    seedProduction(S1, 30, 'failure');
    seedProduction(S2, 20, 'success');
    seedProduction(S3, 10, 'success');
    const { command } = recordingCommand();
    emulator.clearRequests();
    const refused = await rollback({ command, to: S1 });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors).toEqual([`rollback: Input 'to' names ${S1.slice(0, 7)}, which never reached success in 'production'; set force: true to roll back to it anyway`]);
    expect(writes()).toEqual([]);
    expect(existsSync(join(work, 'redeploy-argv.json'))).toBe(false);

    const forced = await rollback({ command, to: S1, force: 'true' });
    expect(forced.exitCode).toBe(0);
    expect(forced.outputs['rolled-back-to']).toBe(S1);
  });

  it('an empty history is one clear error and changes nothing', async () => {
    const { command } = recordingCommand();
    const run = await rollback({ command });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([`rollback: Input 'environment' has no deployments in its records; there is nothing to roll back in 'production'`]);
    expect(writes()).toEqual([]);
  });

  it('expect-from: a deployment that is not the current one (a release that never became current) is one error; nothing runs or changes', async () => {
    seedProduction(S1, 20, 'success');
    const current = seedProduction(S2, 10, 'success');
    const { command, argvFile } = recordingCommand();
    const run = await rollback({ command, 'expect-from': String(current.id + 1) });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      `rollback: Input 'expect-from' is deployment #${current.id + 1}, but what 'production' runs now is deployment #${current.id} (${S2.slice(0, 7)}); nothing was rolled back or quarantined. Roll back #${current.id} by hand if it is bad too`,
    ]);
    expect(writes()).toEqual([]);
    expect(existsSync(argvFile)).toBe(false);
    // The same call naming the current deployment rolls it back.
    const named = await rollback({ command, 'expect-from': String(current.id) });
    expect(named.errors).toEqual([]);
    expect(named.outputs).toMatchObject({ 'rolled-back-from': S2, 'rolled-back-to': S1, status: 'success' });
  });

  it('no previous good deployment is one clear error and changes nothing', async () => {
    seedProduction(S1, 20, 'failure');
    seedProduction(S2, 10, 'success');
    const run = await rollback({ command: recordingCommand().command });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(`Input 'to' is 'previous', but no deployment in 'production' before`);
    expect(writes()).toEqual([]);
  });

  it('neither command nor a router is one clear error before any call to GitHub', async () => {
    seedProduction(S1, 20, 'success');
    seedProduction(S2, 10, 'success');
    emulator.clearRequests();
    const run = await rollback({});
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      "rollback: Input 'command' is empty and no router is set: a rollback needs a redeploy command, a router (set-weight-command, or router: nginx / haproxy with their inputs), or both",
    ]);
    expect(emulator.requests).toEqual([]);
  });

  it('bad steps is one error naming the input, before any call', async () => {
    const run = await rollback({ 'set-weight-command': 'true {weight}', steps: '10,50,0' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual(["rollback: Input 'steps' must go down step by step, like 50,10,0; 50 follows 10"]);
    expect(emulator.requests).toEqual([]);
  });

  it('a failed redeploy leaves the new record failure, fails the step and changes nothing else', async () => {
    seedProduction(S1, 20, 'success');
    const s2 = seedProduction(S2, 10, 'success');
    const before = emulator.statusesOf(s2.id).length;
    const run = await rollback({ command: recordingCommand(3).command });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('redeploy of v-1 failed: command exited with code 3 (its last output line: registry unreachable; the full output is in the log above)');
    const id = Number(run.outputs['deployment-id']);
    expect(emulator.statusesOf(id).map((s) => s.state)).toEqual(['failure', 'in_progress']);
    expect(latest(id)?.description).toBe('shipgate: rollback failed: redeploy of v-1 failed: command exited with code 3 (see the job log)');
    expect(emulator.statusesOf(s2.id)).toHaveLength(before);
    expect(run.outputs.status).toBe('failure');
  });

  it("a secret the redeploy command prints stays out of the rollback's statuses and the summary", async () => {
    seedProduction(S1, 20, 'success');
    seedProduction(S2, 10, 'success');
    const script = join(work, 'leak.mjs');
    writeFileSync(script, `console.error('auth failed with token ' + process.env.FLY_API_TOKEN); process.exit(1);\n`);
    const run = await rollback({ command: `node ${script}` }, { env: { FLY_API_TOKEN: 'fo1_SUPERSECRET' } });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('(its last output line: auth failed with token fo1_SUPERSECRET; the full output is in the log above)');
    const id = Number(run.outputs['deployment-id']);
    expect(JSON.stringify(emulator.statusesOf(id))).not.toContain('SUPERSECRET');
    expect(run.summary).toContain('command exited with code 1 (see the job log)');
    expect(run.summary).not.toContain('SUPERSECRET');
  });

  it('a rollback that failed does not count as rolled back: previous restores the version it tried to replace', async () => {
    seedProduction(S1, 40, 'success');
    const s2 = seedProduction(S2, 30, 'success');
    // A rollback from S2 to S1 that failed: S2 kept running, then S3 went out.
    emulator.seedDeployment({
      sha: S1,
      environment: 'production',
      payload: { shipgate: { kind: 'rollback', version: 'v-1', rolled_back_from: S2, reason: 'latency' } },
      createdAt: new Date(Date.now() - 25 * MINUTE),
      statuses: [
        { state: 'in_progress', createdAt: new Date(Date.now() - 25 * MINUTE) },
        { state: 'failure', createdAt: new Date(Date.now() - 24 * MINUTE), description: 'shipgate: rollback failed: redeploy of v-1 failed' },
      ],
    });
    seedProduction(S3, 10, 'success');
    const { command, argvFile } = recordingCommand();
    const run = await rollback({ command });
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': S3, 'rolled-back-to': S2 });
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))[0]).toBe(S2);
    expect(run.stdout).toContain(`is #${s2.id}`);
  });

  it('to: previous run twice (a re-run, a double dispatch) refuses the second time instead of going one more version back', async () => {
    seedProduction(S1, 30, 'success');
    const s2 = seedProduction(S2, 20, 'success');
    seedProduction(S3, 10, 'failure');
    const { command } = recordingCommand();
    const first = await rollback({ command });
    expect(first.outputs).toMatchObject({ 'rolled-back-from': S3, 'rolled-back-to': S2 });
    const restored = Number(first.outputs['deployment-id']);
    emulator.clearRequests();

    const second = await rollback({ command });

    expect(second.exitCode).toBe(1);
    expect(second.errors).toHaveLength(1);
    expect(second.errors[0]).toMatch(
      new RegExp(`^rollback: Input 'to' is 'previous', but what 'production' runs now is already a rollback: deployment #${restored} restored 2222222 from 3333333 by octocat at .*; rolling back 'previous' again would go one more version back and mark 2222222 rolled back\\. If 2222222 is bad too, name the version to restore with to: <sha, tag or deployment id>, or set force: true$`),
    );
    expect(writes()).toEqual([]);
    expect(latest(restored)?.state).toBe('success');
    expect(latest(s2.id)?.state).toBe('success');

    const forced = await rollback({ command, force: 'true' });
    expect(forced.outputs).toMatchObject({ 'rolled-back-from': S2, 'rolled-back-to': S1 });
  });

  it('a recorded version with control characters never reaches the redeploy command or the log: the short sha is used, with a warning', async () => {
    emulator.seedDeployment({
      sha: S1,
      environment: 'production',
      payload: { shipgate: { kind: 'deploy', version: 'v1\n::error::VERSION-PWN\n::add-mask::1111111' } },
      createdAt: new Date(Date.now() - 20 * MINUTE),
      statuses: [{ state: 'success', createdAt: new Date(Date.now() - 20 * MINUTE) }],
    });
    seedProduction(S2, 10, 'success');
    const { command, argvFile } = recordingCommand();
    const run = await rollback({ command });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual([S1, '1111111', 'production']);
    expect(run.warnings).toEqual([expect.stringContaining("recorded the version 'v1\\u000a::error::VERSION-PWN\\u000a::add-mask::1111…', which holds a newline (U+000A); using the short sha 1111111 as {version} instead")]);
    expect(run.stdout).not.toMatch(/^::error::VERSION-PWN/m);
    expect(run.stdout).not.toMatch(/^::add-mask::1111111/m);
  });

  it('a command with an unterminated quote is one error naming the input, and nothing changes', async () => {
    seedProduction(S1, 20, 'success');
    seedProduction(S2, 10, 'success');
    emulator.clearRequests();
    const run = await rollback({ command: '"unterminated {sha}' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([expect.stringContaining(`rollback: Input 'command' must be`)]);
    expect(run.errors[0]).toContain('has a " quote that is never closed');
    expect(emulator.requests).toEqual([]);
  });

  it("an all-digit to that is no deployment here is refused as a deployment id, never tried as a short sha", async () => {
    seedProduction(S1, 20, 'success');
    seedProduction(S2, 10, 'success');
    const digits = '1234567';
    emulator.addCommit({ sha: digits + 'a'.repeat(33), tree: 'f'.repeat(40), parents: [], message: 'digits' });
    emulator.clearRequests();
    const run = await rollback({ command: recordingCommand().command, to: digits });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      "rollback: Input 'to' names deployment #1234567, which is not in this repository's deployment records (an all-digit 'to' is read as a deployment id); to name a commit, give its full 40-character sha or a tag",
    ]);
    expect(writes()).toEqual([]);
  });

  it('moves traffic back in steps with a health check after each, and closes a canary left in_progress', async () => {
    seedProduction(S1, 30, 'success');
    const s2 = seedProduction(S2, 20, 'success');
    const canary = seedProduction(S3, 10, 'in_progress', { kind: 'canary' });
    const weights = join(work, 'weights.log');
    const setWeight = join(work, 'set-weight.mjs');
    writeFileSync(setWeight, `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(weights)}, process.argv[2] + '\\n');\n`);
    let healthChecks = 0;
    const app = await startApp((_req, res) => {
      healthChecks++;
      res.end('ok');
    });
    apps.push(app);

    const run = await rollback({ 'set-weight-command': `node ${setWeight} {weight}`, steps: '50,10,0', 'health-url': `${app.url}/health` });

    expect(run.errors).toEqual([]);
    expect(readFileSync(weights, 'utf8')).toBe('50\n10\n0\n');
    expect(healthChecks).toBe(3);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': S3, 'rolled-back-to': S2 });
    expect(latest(canary.id)).toMatchObject({ state: 'failure', description: 'shipgate: rolled back: error rate 4%' });
    expect(latest(s2.id)?.state).toBe('success');
    expect(run.summary).toContain('command router: 0% canary, 100% stable');
  });

  it('dry-run chooses the target and prints the plan, changing nothing', async () => {
    seedProduction(S1, 20, 'success');
    seedProduction(S2, 10, 'success');
    emulator.clearRequests();
    const run = await rollback({ command: recordingCommand().command, 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['rolled-back-to']).toBe(S1);
    expect(run.stdout).toContain(`[dry-run] Would roll back production from ${S2}`);
    expect(writes()).toEqual([]);
  });
});

describe('rollback then staging-gate-check (both bundles, real git history)', () => {
  it('the gate refuses the rolled-back code with the rollback reason', async () => {
    const history = promotionHistory();
    await emulator.loadGitRepo(history.repo.dir);
    const at = (s: string) => ({ sha: s, tree: history.repo.tree(s) });
    seedPassedDeployment(emulator, at(history.d1));
    seedPassedDeployment(emulator, at(history.c0), { environment: 'production', successAt: new Date(Date.now() - 50 * MINUTE), smoke: 'none' });
    seedPassedDeployment(emulator, at(history.merge), { environment: 'production', successAt: new Date(Date.now() - 5 * MINUTE), smoke: 'none' });

    const gateBefore = await runAction('staging-gate-check', { apiUrl: emulator.url, cwd: work, inputs: { sha: history.merge } });
    expect(gateBefore.outputs.validated).toBe('true');

    const rolledBack = await rollback({ command: recordingCommand().command, reason: 'checkout 500s after v1' });
    expect(rolledBack.errors).toEqual([]);
    expect(rolledBack.outputs).toMatchObject({ 'rolled-back-from': history.merge, 'rolled-back-to': history.c0 });

    const gate = await runAction('staging-gate-check', { apiUrl: emulator.url, cwd: work, inputs: { sha: history.merge } });
    expect(gate.exitCode).toBe(1);
    expect(gate.outputs.validated).toBe('false');
    expect(gate.outputs.reason).toContain(`quarantine: ${history.merge.slice(0, 7)} was rolled back in production: rollback #${rolledBack.outputs['deployment-id']}`);
    expect(gate.outputs.reason).toContain('checkout 500s after v1');
    // The same code under another sha (the squash merge has the merge's tree) is refused too.
    const squash = await runAction('staging-gate-check', { apiUrl: emulator.url, cwd: work, inputs: { sha: history.hotfixSameTree } });
    expect(squash.outputs.validated).toBe('false');
    expect(squash.outputs.reason).toContain('quarantine');
  });
});

describe('rollback through the root action (uses: OWNER/shipgate@v1 with command: rollback)', () => {
  it('takes the redeploy command as deploy-command and rolls back', async () => {
    seedProduction(S1, 20, 'success');
    seedProduction(S2, 10, 'success');
    const { command, argvFile } = recordingCommand();
    const run = await runAction('.', { apiUrl: emulator.url, cwd: work, inputs: { command: 'rollback', environment: 'production', 'deploy-command': command, reason: 'root' } });
    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': S2, 'rolled-back-to': S1, status: 'success' });
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))[0]).toBe(S1);
  });
});
