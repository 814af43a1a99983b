import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startApp, type LocalApp } from './helpers/http-app';
import { repoRoot, runAction, scratchDir } from './helpers/run-action';

const GOOD = '1'.repeat(40);
const BAD = '2'.repeat(40);

let emulator: Emulator;
let work: string;
let apps: LocalApp[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: GOOD, tree: 'a'.repeat(40), parents: [], message: 'good' });
  emulator.addCommit({ sha: BAD, tree: 'b'.repeat(40), parents: [GOOD], message: 'bad' });
  work = scratchDir();
});
afterEach(async () => {
  await emulator.close();
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

/**
 * A "deployment target": the deploy command writes the version it deployed to a file, and the
 * app's health endpoint answers 200 unless the version running is `v2` (the broken release).
 * `commandFails` makes the command itself fail for every version.
 */
async function target(options: { commandFails?: boolean } = {}) {
  const name = options.commandFails ? 'broken' : 'working';
  const running = join(work, `${name}-running.txt`);
  const deployed = join(work, `${name}-deployed.log`);
  writeFileSync(running, 'v1');
  const script = join(work, `${name}-deploy.mjs`);
  writeFileSync(
    script,
    `import { appendFileSync, writeFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(deployed)}, process.argv[2] + '\\n');\n` +
      (options.commandFails ? `console.error('machines did not start'); process.exit(2);\n` : `writeFileSync(${JSON.stringify(running)}, process.argv[2]);\n`),
  );
  const app = await startApp((_req, res) => {
    res.statusCode = readFileSync(running, 'utf8') === 'v2' ? 503 : 200;
    res.end();
  });
  apps.push(app);
  return { command: `node ${script} {version}`, healthUrl: `${app.url}/health`, deployed: () => readFileSync(deployed, 'utf8').trim().split('\n') };
}

const deploy = (inputs: Record<string, string>) =>
  runAction('staging-deploy', {
    apiUrl: emulator.url,
    cwd: work,
    env: { GITHUB_ACTOR: 'octocat' },
    inputs: { environment: 'production', production: 'true', 'health-timeout': '1500ms', 'rollback-on-failure': 'true', ...inputs },
  });

describe('staging-deploy rollback-on-failure (bundled, emulator)', () => {
  it('restores the previous version after a failed health check, recorded as a rollback with the failure as its reason', async () => {
    const app = await target();
    const first = await deploy({ ref: GOOD, version: 'v1', command: app.command, 'health-url': app.healthUrl });
    expect(first.exitCode).toBe(0);

    const run = await deploy({ ref: BAD, version: 'v2', command: app.command, 'health-url': app.healthUrl });

    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^staging-deploy: deploy of v2 to production failed: health check failed: .* not 2xx within 1\.5s \(last: HTTP 503\); rolled back to v1 \(1111111\) in \d+ ms \(deployment #\d+\)$/);
    expect(app.deployed()).toEqual(['v1', 'v2', 'v1']);
    expect(run.outputs).toMatchObject({ status: 'failure', 'previous-sha': GOOD, 'rolled-back-to': GOOD });

    const failedId = Number(run.outputs['deployment-id']);
    const rollbackId = Number(run.outputs['rollback-deployment-id']);
    const rollback = emulator.deployments.find((d) => d.id === rollbackId);
    expect(rollback).toMatchObject({ sha: GOOD, environment: 'production', payload: { shipgate: { kind: 'rollback', version: 'v1', rolled_back_from: BAD, triggered_by: 'octocat' } } });
    expect((rollback?.payload as { shipgate: { reason: string } }).shipgate.reason).toMatch(/^deploy of v2 failed: health check failed/);
    expect(emulator.statusesOf(rollbackId).map((s) => s.state)).toEqual(['success', 'in_progress']);
    const failedStatuses = emulator.statusesOf(failedId);
    expect(failedStatuses.map((s) => s.state)).toEqual(['failure', 'failure', 'in_progress']);
    expect(failedStatuses[0]?.description).toMatch(/^shipgate: rolled back: deploy of v2 failed: health check failed/);
    expect(run.summary).toContain('shipgate rollback of production');
  });

  it('a failing rollback is reported, not retried as another rollback', async () => {
    const good = await target();
    expect((await deploy({ ref: GOOD, version: 'v1', command: good.command })).exitCode).toBe(0);
    const broken = await target({ commandFails: true });

    const run = await deploy({ ref: BAD, version: 'v2', command: broken.command });

    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(
      /^staging-deploy: deploy of v2 to production failed: command exited with code 2 \(its last output line: machines did not start; the full output is in the log above\); the rollback to v1 \(1111111\) failed too \(deployment #\d+, not retried\): redeploy of v1 failed: command exited with code 2 \(its last output line: machines did not start; .*\)$/,
    );
    expect(broken.deployed()).toEqual(['v2', 'v1']);
    const rollbacks = emulator.deployments.filter((d) => (d.payload as { shipgate?: { kind?: string } }).shipgate?.kind === 'rollback');
    expect(rollbacks).toHaveLength(1);
    expect(emulator.statusesOf(rollbacks[0]?.id as number).map((s) => s.state)).toEqual(['failure', 'in_progress']);
    expect(emulator.deployments).toHaveLength(3);
    expect(run.outputs['rolled-back-to'] ?? '').toBe('');
    // The failed deploy keeps its own failure: the rollback did not complete, so nothing is marked rolled back.
    expect(emulator.statusesOf(Number(run.outputs['deployment-id']))[0]?.description).toBe('shipgate: command exited with code 2 (see the job log)');
  });

  it("a secret the failing commands print reaches neither the deployments' statuses, the rollback's payload nor the summary; the error line has it for the runner to mask", async () => {
    expect((await deploy({ ref: GOOD, version: 'v1', command: 'node -e 0' })).exitCode).toBe(0);
    const script = join(work, 'leak.mjs');
    writeFileSync(script, `console.error('auth failed with token ' + process.env.FLY_API_TOKEN); process.exit(1);\n`);

    const run = await runAction('staging-deploy', {
      apiUrl: emulator.url,
      cwd: work,
      env: { FLY_API_TOKEN: 'fo1_SUPERSECRET' },
      inputs: { environment: 'production', ref: BAD, version: 'v2', command: `node ${script}`, 'rollback-on-failure': 'true' },
    });

    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('command exited with code 1 (its last output line: auth failed with token fo1_SUPERSECRET; the full output is in the log above)');
    const published = JSON.stringify({ deployments: emulator.deployments, statuses: emulator.deployments.map((d) => emulator.statusesOf(d.id)) });
    expect(published).toContain('command exited with code 1 (see the job log)');
    expect(published).not.toContain('SUPERSECRET');
    expect(run.summary).toContain('command exited with code 1');
    expect(run.summary).not.toContain('SUPERSECRET');
  });

  it('redeploying the good sha itself and failing does not "roll back" to it: nothing is recorded as a rollback and the running deployment is not marked', async () => {
    const app = await target();
    const first = await deploy({ ref: GOOD, version: 'v1', command: app.command, 'health-url': app.healthUrl });
    expect(first.exitCode).toBe(0);
    const goodId = Number(first.outputs['deployment-id']);
    const broken = await target({ commandFails: true });

    const run = await deploy({ ref: GOOD, version: 'v1', command: broken.command });

    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(
      new RegExp(`; the last good deployment #${goodId} is the same commit \\(1111111\\), so a rollback would redeploy what just failed; nothing was rolled back and #${goodId} was not marked$`),
    );
    expect(broken.deployed()).toEqual(['v1']);
    expect(emulator.deployments.filter((d) => (d.payload as { shipgate?: { kind?: string } }).shipgate?.kind === 'rollback')).toEqual([]);
    expect(emulator.statusesOf(goodId)[0]?.state).toBe('success');
    expect(run.outputs['rolled-back-to'] ?? '').toBe('');
  });

  it('a recorded version with a newline is not passed to the redeploy command: the short sha is, with a warning', async () => {
    emulator.seedDeployment({
      sha: GOOD,
      environment: 'production',
      payload: { shipgate: { kind: 'deploy', version: '::error::PREV-PWN\n::add-mask::1111111' } },
      createdAt: new Date(Date.now() - 60_000),
      statuses: [{ state: 'success', createdAt: new Date(Date.now() - 60_000) }],
    });
    const app = await target();

    const run = await deploy({ ref: BAD, version: 'v2', command: app.command, 'health-url': app.healthUrl });

    expect(run.exitCode).toBe(1);
    expect(app.deployed()).toEqual(['v2', '1111111']);
    expect(run.warnings).toEqual([expect.stringMatching(/recorded the version '::error::PREV-PWN\\u000a::add-mask::1111111', which holds a newline \(U\+000A\); using the short sha 1111111 as \{version\} instead$/)]);
    expect(run.errors[0]).toMatch(/; rolled back to 1111111 \(1111111\) in \d+ ms/);
    expect(run.stdout).not.toMatch(/^::error::PREV-PWN/m);
  });

  it('with no earlier good deployment, fails as before and says nothing was rolled back', async () => {
    const broken = await target({ commandFails: true });
    const run = await deploy({ ref: BAD, version: 'v2', command: broken.command });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('nothing was rolled back: production has no earlier good deployment');
    expect(emulator.deployments).toHaveLength(1);
  });
});

describe('shipgate CLI rollback (bundled, local records file)', () => {
  it('rolls back to the previous deploy on .shipgate/records.json', () => {
    const dir = scratchDir('shipgate-cli-rollback-');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    git('commit', '-q', '--allow-empty', '-m', 'one');
    const one = git('rev-parse', 'HEAD');
    git('commit', '-q', '--allow-empty', '-m', 'two');
    const two = git('rev-parse', 'HEAD');
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('GITHUB_') && !k.startsWith('INPUT_'))), USER: 'dev' };
    const cli = (args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli', 'index.js'), ...args], { cwd: dir, env, encoding: 'utf8', timeout: 30_000 });
    for (const [ref, version] of [[one, 'v1'], [two, 'v2']] as const) {
      expect(cli(['staging-deploy', '--environment', 'production', '--ref', ref, '--version', version, '--command', 'node -e 0']).status).toBe(0);
    }

    const result = cli(['rollback', '--environment', 'production', '--command', 'node -e 0', '--reason', 'bad release']);

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`rolled-back-from=${two}`);
    expect(result.stdout).toContain(`rolled-back-to=${one}`);
    const records = JSON.parse(readFileSync(join(dir, '.shipgate', 'records.json'), 'utf8'));
    const rollback = records.deployments.find((d: { payload: { shipgate: { kind: string } } }) => d.payload.shipgate.kind === 'rollback');
    expect(rollback).toMatchObject({ sha: one, payload: { shipgate: { rolled_back_from: two, reason: 'bad release', triggered_by: 'dev' } } });
    const bad = records.deployments.find((d: { sha: string; payload: { shipgate: { kind: string } } }) => d.sha === two);
    expect(bad.statuses.at(-1)).toMatchObject({ state: 'failure', description: 'shipgate: rolled back: bad release' });
  });
});
