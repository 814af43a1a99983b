import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { startApp, type LocalApp } from './helpers/http-app';
import { repoRoot, scratchDir, TEST_REPOSITORY, TEST_TOKEN } from './helpers/run-action';

// Each action's src/main.ts driven by @github/local-action, the way GitHub's action template
// debugs an action: TypeScript sources, @actions/core stubbed, action.yml's defaults applied.
// One pipeline, one run per action: deploy to staging, smoke it, gate it, canary it into
// production, roll production back, measure production's delivery.

const STABLE = '1111111111111111111111111111111111111111';
const SHA = '2222222222222222222222222222222222222222';
const LOCAL_ACTION = join(repoRoot, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js');

let emulator: Emulator;
let app: LocalApp;
let work: string;
let stableId: number;

interface LocalRun {
  exitCode: number;
  stdout: string;
  /** What the stub printed for each core.setOutput (`::set-output name=…::…`). */
  outputs: Record<string, string>;
}

/** Runs `local-action run actions/<name> src/main.ts <env file>`; the env file holds only what the test gives. */
function localAction(action: string, env: Record<string, string>, extraArgs: string[] = []): Promise<LocalRun> {
  const envFile = join(work, `${action}.env`);
  const context = {
    GITHUB_REPOSITORY: TEST_REPOSITORY,
    GITHUB_API_URL: emulator.url,
    GITHUB_SHA: SHA,
    GITHUB_TOKEN: TEST_TOKEN,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_RUN_ID: '4242',
    GITHUB_WORKSPACE: work,
    RUNNER_TEMP: work,
  };
  writeFileSync(envFile, Object.entries({ ...context, ...env }).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join('\n') + '\n');
  // Nothing of a surrounding CI job (its GITHUB_*, INPUT_*, STATE_*) may reach the action.
  const parentEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GITHUB_|INPUT_|STATE_|RUNNER_|ACTIONS_)/.test(k)));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [LOCAL_ACTION, 'run', join('actions', action), 'src/main.ts', envFile, ...extraArgs],
      { cwd: repoRoot, env: { ...parentEnv, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 40_000, maxBuffer: 8 << 20 },
      (error, stdout, stderr) => {
        const outputs: Record<string, string> = {};
        for (const [, name, value] of stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)) outputs[name as string] = value as string;
        done({ exitCode: error ? Number(error.code ?? 1) : 0, stdout: `${stdout}${stderr}`, outputs });
      },
    );
  });
}

const script = (name: string, text: string) => {
  writeFileSync(join(work, name), text);
  return `node ${join(work, name)}`;
};
const states = (id: number) => emulator.statusesOf(id).map((s) => s.state);

beforeAll(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: STABLE, tree: 'e'.repeat(40), parents: [], message: 'stable' });
  emulator.addCommit({ sha: SHA, tree: 'f'.repeat(40), parents: [STABLE], message: 'release' });
  emulator.setRef('develop', SHA);
  stableId = emulator.seedDeployment({
    sha: STABLE,
    environment: 'production',
    productionEnvironment: true,
    payload: { shipgate: { kind: 'deploy', version: 'v1', ref: STABLE, tree: 'e'.repeat(40) } },
    createdAt: new Date(Date.now() - 3_600_000),
    statuses: [{ state: 'success', createdAt: new Date(Date.now() - 3_600_000), environmentUrl: 'https://app.example.test' }],
  }).id;
  app = await startApp((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'));
  work = scratchDir('shipgate-local-action-');
});
afterAll(async () => {
  await emulator?.close();
  await app?.close();
});

describe('every action runs under @github/local-action (src/main.ts, action.yml defaults, the GitHub emulator)', () => {
  it('staging-deploy records a deployment of the workflow sha, and its post step (same entry, state flag) leaves it alone', async () => {
    const deploy = script('deploy.mjs', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(work, 'deployed'))}, process.argv.slice(2).join(' '));\n`);
    // ref, environment, github-token come from action.yml's defaults (${{ github.sha }}, staging, ${{ github.token }}).
    const run = await localAction('staging-deploy', { 'INPUT_COMMAND': `${deploy} {sha} {environment}`, 'INPUT_URL': app.url }, ['--post', join('actions', 'staging-deploy', 'src', 'main.ts')]);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(readFileSync(join(work, 'deployed'), 'utf8')).toBe(`${SHA} staging`);
    expect(run.outputs).toMatchObject({ sha: SHA, status: 'success', url: app.url });
    const staged = emulator.deployments.filter((d) => d.environment === 'staging');
    expect(staged.map((d) => [d.id, d.sha])).toEqual([[Number(run.outputs['deployment-id']), SHA]]);
    // The post step ran post (nothing was left open, so it changed nothing), not main a second time.
    expect(run.stdout).toContain('Running Post Step');
    expect(states(Number(run.outputs['deployment-id']))).toEqual(['success', 'in_progress']);
  });

  it("smoke-test checks the staging deployment's URL (every input defaulted) and records a commit status", async () => {
    const run = await localAction('smoke-test', {});
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ passed: 'true', 'checks-failed': '' });
    expect(emulator.commitStatusesOf(SHA).map((s) => [s.context, s.state])).toEqual([['shipgate/smoke-test (staging)', 'success']]);
  });

  it('staging-gate-check validates the workflow sha for production', async () => {
    const run = await localAction('staging-gate-check', {});
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ validated: 'true', 'validated-sha': SHA });
  });

  it('canary-step shifts production traffic through a router command, judged by a metrics command', async () => {
    const router = script('router.mjs', `import { existsSync, readFileSync, writeFileSync } from 'node:fs';\nconst file = ${JSON.stringify(join(work, 'weight'))};\nconst [w] = process.argv.slice(2);\nif (w === 'get') console.log(existsSync(file) ? readFileSync(file, 'utf8') : '0');\nelse writeFileSync(file, w);\n`);
    const metrics = script('metrics.mjs', `console.log(JSON.stringify({ canary: { requests: 200, errors: 0, slow: 0 }, baseline: { requests: 200, errors: 0, slow: 0 } }));\n`);
    const run = await localAction('canary-step', {
      'INPUT_STEPS': '50:1s,100',
      'INPUT_INTERVAL': '1s',
      'INPUT_SET-WEIGHT-COMMAND': `${router} {weight}`,
      'INPUT_GET-WEIGHT-COMMAND': `${router} get`,
      'INPUT_METRICS-COMMAND': metrics,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.outputs).toMatchObject({ decision: 'promoted', weight: '100' });
    expect(readFileSync(join(work, 'weight'), 'utf8')).toBe('100');
    const id = Number(run.outputs['deployment-id']);
    expect(emulator.deployments.find((d) => d.id === id)).toMatchObject({ sha: SHA, environment: 'production' });
    expect(states(id)[0]).toBe('success');
  });

  it('rollback redeploys the previous production commit and records it', async () => {
    const redeploy = script('redeploy.mjs', `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(work, 'redeployed'))}, process.argv.slice(2).join(' '));\n`);
    const run = await localAction('rollback', { 'INPUT_COMMAND': `${redeploy} {sha}`, 'INPUT_REASON': 'error rate 4%' });
    expect(run.exitCode, run.stdout).toBe(0);
    expect(readFileSync(join(work, 'redeployed'), 'utf8')).toBe(STABLE);
    expect(run.outputs).toMatchObject({ 'rolled-back-from': SHA, 'rolled-back-to': STABLE, status: 'success' });
    const id = Number(run.outputs['deployment-id']);
    expect(id).not.toBe(stableId);
    expect(emulator.deployments.find((d) => d.id === id)).toMatchObject({ sha: STABLE, environment: 'production', payload: { shipgate: { kind: 'rollback' } } });
  });

  it("delivery-metrics measures production's records: two changes, one rolled back, one rollback", async () => {
    const run = await localAction('delivery-metrics', { 'INPUT_REPORT': 'dora.json' });
    expect(run.exitCode, run.stdout).toBe(0);
    // The stable deploy and the canary (rolled back) are the changes; 1 rollback in 90 days is 0.0778 a week.
    expect(run.outputs).toMatchObject({ 'change-failure-rate': '0.5', 'rollback-frequency': '0.0778', report: join(work, 'dora.json') });
    expect(JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8')).counts).toMatchObject({ deployments: 2, rolledBack: 1, rollbacks: 1 });
  });
});
