import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startApp, unusedPort, type LocalApp } from './helpers/http-app';
import { runAction, runActionWithPost, scratchDir } from './helpers/run-action';

const SHA = '1111111111111111111111111111111111111111';
const TREE = 'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee';

let emulator: Emulator;
let apps: LocalApp[] = [];
let work: string;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: SHA, tree: TREE, parents: [], message: 'release' });
  emulator.setRef('develop', SHA);
  work = scratchDir();
});
afterEach(async () => {
  await emulator.close();
  await Promise.all(apps.map((app) => app.close()));
  apps = [];
});

/** A deploy "command" that records the argv it was given, so tests see exactly what ran. */
function recordingCommand(extra = ''): { command: string; argvFile: string } {
  const argvFile = join(work, 'argv.json');
  const script = join(work, 'deploy.mjs');
  writeFileSync(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(argvFile)}, JSON.stringify(process.argv.slice(2)));\n${extra}\n`);
  return { command: `node ${script}`, argvFile };
}

const deploy = (inputs: Record<string, string>, extra: Parameters<typeof runAction>[1] = {}) =>
  runAction('staging-deploy', { apiUrl: emulator.url, cwd: work, ...extra, inputs: { ref: SHA, ...inputs } });

const states = (id: number) => emulator.statusesOf(id).map((s) => s.state);

describe('staging-deploy (bundled, against the GitHub emulator)', () => {
  it('records a successful deploy with its URL, log link, tree and outputs', async () => {
    const { command, argvFile } = recordingCommand();
    const run = await deploy({ command: `${command} {sha} {version} {environment} {ref}`, url: 'https://staging.example.test', version: 'v1.2.3' });

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual([SHA, 'v1.2.3', 'staging', SHA]);
    const id = Number(run.outputs['deployment-id']);
    expect(run.outputs).toMatchObject({ sha: SHA, version: 'v1.2.3', status: 'success', url: 'https://staging.example.test', 'previous-sha': '' });
    expect(Number(run.outputs['duration-ms'])).toBeGreaterThanOrEqual(0);

    const [created] = emulator.deployments;
    expect(created).toMatchObject({ id, sha: SHA, environment: 'staging', payload: { shipgate: { kind: 'deploy', version: 'v1.2.3', tree: TREE } } });
    const createRequest = emulator.requests.find((r) => r.method === 'POST' && r.path.endsWith('/deployments'));
    expect(createRequest?.body).toMatchObject({ auto_merge: false, required_contexts: [], ref: SHA });

    const statuses = emulator.statusesOf(id);
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(statuses[0]).toMatchObject({ environment_url: 'https://staging.example.test', log_url: 'https://github.com/acme/app/actions/runs/4242' });
    expect(run.summary).toContain('v1.2.3');
    expect(run.summary).toContain('success');
  });

  it('resolves a branch to its sha and defaults the version to the short sha', async () => {
    const { command, argvFile } = recordingCommand();
    const run = await deploy({ ref: 'develop', command: `${command} {version} {ref}` });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual([SHA.slice(0, 7), 'develop']);
    expect(emulator.deployments[0]?.sha).toBe(SHA);
  });

  it('fails with the exit code when the command exits 3, leaving nothing in_progress', async () => {
    const { command } = recordingCommand('console.error("migration failed"); process.exit(3);');
    const run = await deploy({ command });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain('command exited with code 3 (its last output line: migration failed; the full output is in the log above)');
    expect(run.outputs.status).toBe('failure');
    const id = Number(run.outputs['deployment-id']);
    expect(states(id)).toEqual(['failure', 'in_progress']);
    // What the command printed stays in the job log (which the runner masks), never in GitHub's records.
    expect(emulator.statusesOf(id)[0]?.description).toBe('shipgate: command exited with code 3 (see the job log)');
    expect(run.summary).toContain('command exited with code 3 (see the job log)');
    expect(run.summary).not.toContain('migration failed');
  });

  it('fails when the command runs past command-timeout', async () => {
    const run = await deploy({ command: 'sleep 30', 'command-timeout': '500ms' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('command timed out after 500ms');
    expect(states(Number(run.outputs['deployment-id']))).toEqual(['failure', 'in_progress']);
  });

  it('fails when the health URL never answers 2xx', async () => {
    const port = await unusedPort();
    const { command } = recordingCommand();
    const run = await deploy({ command, 'health-url': `http://127.0.0.1:${port}/health`, 'health-timeout': '1500ms' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toMatch(/health check failed: .* not 2xx within 1\.5s \(last: connection refused\)/);
    expect(states(Number(run.outputs['deployment-id']))).toEqual(['failure', 'in_progress']);
  });

  it('waits for a health URL that comes up after a while', async () => {
    let answered = 0;
    const app = await startApp((_req, res) => {
      res.statusCode = ++answered <= 3 ? 503 : 200; // starting up for the first three polls
      res.end('ok');
    });
    apps.push(app);
    const { command } = recordingCommand();
    const run = await deploy({ command, 'health-url': `${app.url}/health`, 'health-timeout': '20s' });
    expect(run.exitCode).toBe(0);
    expect(app.requests.length).toBe(4);
    expect(states(Number(run.outputs['deployment-id']))).toEqual(['success', 'in_progress']);
  });

  it('passes versions and refs with shell syntax literally, never executing them', async () => {
    const { command, argvFile } = recordingCommand();
    const evilRef = `x;touch ${join(work, 'pwned_ref')}`;
    emulator.setRef(evilRef, SHA);
    const version = `v1; touch ${join(work, 'pwned')} $(touch ${join(work, 'pwned2')})`;
    const run = await deploy({ ref: evilRef, version, command: `${command} {version} {ref}` });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual([version, evilRef]);
    expect(existsSync(join(work, 'pwned'))).toBe(false);
    expect(existsSync(join(work, 'pwned2'))).toBe(false);
    expect(existsSync(join(work, 'pwned_ref'))).toBe(false);
  });

  it.each([
    [{ command: '' }, "Input 'command' must be a command to run"],
    [{ command: 'deploy.sh && rm -rf /' }, "Input 'command' must be a command to run, e.g. ./deploy.sh {sha}; it contains the shell operator '&&'"],
    [{ command: '"unterminated {sha}' }, "Input 'command' must be a command to run, e.g. ./deploy.sh {sha}; it has a \" quote that is never closed"],
    [{ command: 'true', 'health-timeout': 'soon' }, "Input 'health-timeout' must be a duration like 250ms, 30s, 5m or 1h; got 'soon'"],
    [{ command: 'true', production: 'yes' }, "Input 'production' must be true or false; got 'yes'"],
    [{ command: 'true', url: 'not a url' }, "Input 'url' must be an http:// or https:// URL"],
  ])('bad input %j: one clear error and no deployment', async (inputs, message) => {
    const run = await deploy(inputs);
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(message);
    expect(run.errors[0]).not.toContain('    at '); // a user error, not a stack trace
    expect(emulator.requests).toEqual([]);
  });

  it('reports the environment\'s last good deployment as previous-sha, skipping failed ones', async () => {
    const older = '2222222222222222222222222222222222222222';
    const failed = '3333333333333333333333333333333333333333';
    emulator.addCommit({ sha: older, tree: 'f'.repeat(40), parents: [] });
    emulator.addCommit({ sha: failed, tree: 'd'.repeat(40), parents: [] });
    const first = await deploy({ ref: older, command: 'true' });
    expect(first.outputs['previous-sha']).toBe('');
    const second = await deploy({ ref: failed, command: 'false' });
    expect(second.outputs.status).toBe('failure');
    const third = await deploy({ command: 'true' });
    expect(third.outputs['previous-sha']).toBe(older);
    expect(third.outputs['previous-deployment-id']).toBe(first.outputs['deployment-id']);
    // GitHub's auto_inactive superseded the first deployment; it still counted as good.
    expect(states(Number(first.outputs['deployment-id']))[0]).toBe('inactive');
  });

  it('marks the deployment error when the job is cancelled mid-command', async () => {
    const { main, post } = await runActionWithPost('staging-deploy', {
      apiUrl: emulator.url,
      cwd: work,
      inputs: { ref: SHA, command: 'sleep 30' },
      cancelAfterMs: 1500,
    });
    expect(main.exitCode).toBe(1);
    const id = Number(main.state['deployment-id']);
    expect(states(id)).toEqual(['error', 'in_progress']);
    expect(post.exitCode).toBe(0);
    expect(states(id)).toEqual(['error', 'in_progress']); // post found it closed already
  });

  it('post step closes a deployment left in_progress by a crashed main', async () => {
    const main = await deploy({ command: 'sleep 4' }, { timeoutMs: 1500 }); // SIGKILL: no cleanup possible
    const id = Number(main.state['deployment-id']);
    expect(states(id)).toEqual(['in_progress']);
    const post = await runAction('staging-deploy', { apiUrl: emulator.url, cwd: work, inputs: { ref: SHA, command: 'true' }, postState: main.state });
    expect(post.exitCode).toBe(0);
    expect(post.warnings.join('\n')).toContain(`Deployment ${id} was still open`);
    expect(states(id)).toEqual(['error', 'in_progress']);
  });

  it('treats GitHub\'s 202 "merged instead" answer as an error and changes nothing else', async () => {
    emulator.forceNextDeploymentAccepted();
    const run = await deploy({ command: 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.errors[0]).toContain('GitHub did not create a deployment');
    expect(emulator.deployments).toEqual([]);
  });

  it("names the missing permission when the workflow's token may not create deployments", async () => {
    emulator.failNext('POST /repos/:owner/:repo/deployments', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const run = await deploy({ command: 'true' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual([
      'staging-deploy: GitHub refused to create a deployment in staging (403 Resource not accessible by integration): the job needs `permissions: deployments: write` for its token',
    ]);
    expect(emulator.deployments).toEqual([]);
  });

  it('rides out transient GitHub 5xx answers', async () => {
    emulator.failNext('POST /repos/:owner/:repo/deployments/:id/statuses', { status: 502, count: 1 });
    const run = await deploy({ command: 'true' });
    expect(run.exitCode).toBe(0);
    expect(states(Number(run.outputs['deployment-id']))).toEqual(['success', 'in_progress']);
  });

  it('dry-run prints the plan and creates nothing', async () => {
    const run = await deploy({ command: './deploy.sh {version}', version: 'v9', 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('[dry-run] Would run: ["./deploy.sh","v9"]');
    expect(emulator.deployments).toEqual([]);
    expect(emulator.requests.every((r) => r.method === 'GET')).toBe(true);
  });
});
