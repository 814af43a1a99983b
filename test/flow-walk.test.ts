import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type DeploymentJson, type Emulator } from './emulator';
import { DEPLOY_SCRIPTS, serve } from './helpers/flow-walk-apps';
import { GitHistory } from './helpers/git-history';
import { startApp, type LocalApp } from './helpers/http-app';
import { pullRequestEvent } from './helpers/pull-request-event';
import { scratchDir } from './helpers/run-action';
import { WorkflowWalker, type WorkflowRun } from './helpers/workflow-walker';

/**
 * The whole flow of issue 14, walked through the real caller workflows of workflows-examples/
 * and the reusable workflows they call (test/helpers/workflow-walker.ts runs their YAML; each
 * shipgate step runs its committed dist/ bundle against the emulator):
 *
 *   push develop v2 → on-develop-push.yml → staging.yml (quality gate, deploy, smoke)
 *   push main, the merge of v2 → on-main-push.yml → production.yml (gate by tree, canary promoted, smoke)
 *   push develop v3, then main → the canary of v3 is aborted at its first step → the rollback job
 *   Run workflow → manual-rollback.yml → rollback.yml: staging still runs v3, back to v2
 *   then the gate refuses v3's tree: a pull request of it into main, and a re-run of its production workflow.
 *
 * The test's own values replace the examples' with: entries the way a team edits its copy
 * (`with:` below, by caller job id): the commands point the local apps instead of flyctl and
 * kubectl, the URLs are the local apps', the canary has one 5 s step instead of 25 minutes,
 * min-soak is 0 (the staging deploy is seconds old here), the pinned flyctl install-command is left
 * out, and on-main-push.yml's `rollout: direct`
 * becomes `canary`. Everything else — the quality gate's wiring, the smoke checks of
 * on-develop-push.yml, the jobs, conditions, outputs and secrets — is the files' own.
 *
 * GitHub creates a deployment of its own for every job with `environment:` unless it says
 * `deployment: false`; the emulator does not model those, so the walker reports each job that
 * would get one and the test asserts there are none: that is what keeps one deployment per deploy.
 */

const REASON_MANUAL = 'v3 answers 500 on /api/v1/quote';

let emulator: Emulator;
let repo: GitHistory;
let walker: WorkflowWalker;
let appsDir: string;
const apps: LocalApp[] = [];
const shas: Record<string, string> = {};
const runs: Record<string, WorkflowRun> = {};
let staging: LocalApp;
let stable: LocalApp;
let canary: LocalApp;
let front: LocalApp;

const read = (name: string) => {
  try {
    return readFileSync(join(appsDir, name), 'utf8').trim();
  } catch {
    return '';
  }
};

/** The walk of one event; the examples' with: values replaced as described above. */
function walk(workflow: string, event: Parameters<WorkflowWalker['walk']>[0]['event'], overrides: Record<string, Record<string, string | null>> = {}) {
  return walker.walk({
    workflow: `workflows-examples/${workflow}`,
    event,
    repoDir: repo.dir,
    apiUrl: emulator.url,
    secrets: { DEPLOY_ENV: `# the apps' control directory\nAPPS_DIR=${appsDir}` },
    with: overrides,
  });
}

const stagingWith = () => ({
  staging: {
    'node-version': null,
    'install-command': 'true',
    'build-command': 'echo build',
    'typecheck-command': 'true',
    'test-command': 'grep -q "^v" app.txt',
    'coverage-command': 'true',
    'audit-command': 'true',
    'deploy-install-command': null,
    'setup-command': 'test -n "$APPS_DIR"',
    'deploy-command': 'node deploy/point.mjs staging {sha}',
    url: staging.url,
    'health-url': `${staging.url}/health`,
    'health-timeout': '10s',
  },
});

const productionWith = () => ({
  production: {
    'min-soak': '0',
    rollout: 'canary',
    'install-command': null,
    'setup-command': 'node deploy/start-canary.mjs "$GITHUB_SHA"',
    'deploy-command': null,
    'rollback-command': null,
    'set-weight-command': 'node deploy/router.mjs {weight}',
    'canary-steps': '10:5s,100',
    'canary-url': canary.url,
    'baseline-url': stable.url,
    'probe-path': '/api/v1/quote',
    url: front.url,
    'health-url': `${front.url}/health`,
    'health-timeout': '10s',
  },
});

async function load() {
  repo.checkout('main');
  await emulator.loadGitRepo(repo.dir);
}

const deploymentsOf = (environment: string) =>
  emulator.deployments.filter((deployment) => deployment.environment === environment).reverse();
const kindOf = (deployment: DeploymentJson) => (deployment.payload as { shipgate?: { kind?: string } }).shipgate?.kind;
const latestStatus = (deployment: DeploymentJson) => emulator.statusesOf(deployment.id)[0];
const failures = (run: WorkflowRun) =>
  run.jobs.flatMap((job) => job.steps.filter((step) => step.outcome === 'failure').map((step) => `${job.path} ${step.name}: ${step.errors.join(' | ') || step.stdout.slice(-400) + step.stderr.slice(-400)}`));

describe('the caller workflows walked through staging, production, a failed canary and a manual rollback', () => {
  beforeAll(async () => {
    emulator = await startEmulator();
    appsDir = scratchDir('shipgate-walk-apps-');
    writeFileSync(join(appsDir, 'stable'), 'v1');
    writeFileSync(join(appsDir, 'weight'), '0');
    staging = await startApp((req, res) => serve(read('staging'), req, res));
    stable = await startApp((req, res) => serve(read('stable'), req, res));
    canary = await startApp((req, res) => serve(read('canary'), req, res));
    let request = 0;
    // Production's URL: the router's split, request by request.
    front = await startApp((req, res) => serve((request++ % 100) < Number(read('weight')) ? read('canary') : read('stable'), req, res));
    apps.push(staging, stable, canary, front);

    repo = new GitHistory('main');
    mkdirSync(join(repo.dir, 'deploy'));
    shas.c1 = repo.commit('v1 and its deploy scripts', { 'app.txt': 'v1\n', ...DEPLOY_SCRIPTS });
    repo.checkout('develop', { create: true });
    shas.d2 = repo.commit('v2', { 'app.txt': 'v2\n' });
    repo.checkout('main');
    shas.m2 = repo.mergeNoFf('develop');
    walker = new WorkflowWalker();
    await load();
  });

  afterAll(async () => {
    walker?.close(repo.dir);
    await Promise.all(apps.map((app) => app.close()));
    await emulator?.close();
    rmSync(repo.dir, { recursive: true, force: true });
    rmSync(appsDir, { recursive: true, force: true });
  });

  it('push to develop: the quality gate, the staging deploy of v2 and its smoke test pass', async () => {
    const run = await walk('on-develop-push.yml', { name: 'push', sha: shas.d2 as string, ref: 'refs/heads/develop' }, stagingWith());
    runs.stagingV2 = run;
    expect(failures(run)).toEqual([]);
    expect(run.jobs.map((job) => `${job.path}=${job.result}`)).toEqual(['staging/quality-gate=success', 'staging/deploy=success']);
    expect(run.results.staging?.outputs).toMatchObject({ sha: shas.d2, 'smoke-passed': 'true' });
    expect(read('staging')).toBe('v2');
    // The example's own smoke checks ran against the app: its health JSON and the POST.
    expect(staging.requests).toContain('POST /api/v1/initialize');
  }, 60_000);

  it('push to main with the merge commit: the gate passes by tree, the canary is promoted, the smoke test passes', async () => {
    const run = await walk('on-main-push.yml', { name: 'push', sha: shas.m2 as string, ref: 'refs/heads/main' }, productionWith());
    runs.productionV2 = run;
    expect(failures(run)).toEqual([]);
    expect(run.jobs.map((job) => `${job.path}=${job.result}`)).toEqual([
      'production/gate=success',
      'production/release=success',
      'production/rollback=skipped',
    ]);
    expect(run.results.production?.outputs).toMatchObject({ 'validated-sha': shas.d2, decision: 'promoted', 'smoke-passed': 'true', 'rolled-back-to': '' });
    expect(read('weights.log').split('\n')).toEqual(['10', '100']);
    expect(read('canary')).toBe('v2');
  }, 60_000);

  it('a bad v3 passes staging, then its canary is aborted at the first step and the rollback job restores v2', async () => {
    repo.checkout('develop');
    shas.d3 = repo.commit('v3', { 'app.txt': 'v3\n' });
    repo.checkout('main');
    shas.m3 = repo.mergeNoFf('develop');
    await load();

    const stagingRun = await walk('on-develop-push.yml', { name: 'push', sha: shas.d3 as string, ref: 'refs/heads/develop' }, stagingWith());
    runs.stagingV3 = stagingRun;
    expect(failures(stagingRun)).toEqual([]);
    expect(stagingRun.results.staging?.outputs['smoke-passed']).toBe('true');

    const run = await walk('on-main-push.yml', { name: 'push', sha: shas.m3 as string, ref: 'refs/heads/main' }, productionWith());
    runs.productionV3 = run;
    expect(run.jobs.map((job) => `${job.path}=${job.result}`)).toEqual([
      'production/gate=success',
      'production/release=failure',
      'production/rollback=success',
    ]);
    // canary-step's own abort (on-failure: rollback) already put the weight back to 0 and marked
    // its deployment rolled back; the rollback job then ran (the release failed and a canary
    // sets no rolled-back-to), restored v2's record and set the weight to 0 once more.
    const canaryStep = run.step('production/release', 'canary');
    expect(canaryStep.outcome).toBe('failure');
    expect(canaryStep.outputs).toMatchObject({ decision: 'aborted', step: '1/2', weight: '0' });
    expect(run.step('production/release', 'smoke').outcome).toBe('skipped');
    expect(run.results.production?.outputs).toMatchObject({ decision: 'aborted', 'rolled-back-to': shas.m2 });
    expect(run.conclusion).toBe('failure');
    expect(read('weights.log').split('\n')).toEqual(['10', '100', '10', '0', '0']);
    const served = await (await fetch(`${front.url}/api/v1/quote`)).text();
    expect(served).toBe('v2');
  }, 60_000);

  it('Run workflow on manual-rollback.yml: staging, still on v3, goes back to v2', async () => {
    const run = await walk(
      'manual-rollback.yml',
      { name: 'workflow_dispatch', sha: shas.m3 as string, ref: 'refs/heads/main', inputs: { environment: 'staging', reason: REASON_MANUAL }, actor: 'release-manager' },
      {
        rollback: {
          'install-command': null,
          'setup-command': 'test -n "$APPS_DIR"',
          command: 'node deploy/point.mjs staging {sha}',
          'health-url': `${staging.url}/health`,
        },
      },
    );
    runs.manual = run;
    expect(failures(run)).toEqual([]);
    expect(run.results.rollback?.outputs).toMatchObject({ 'rolled-back-from': shas.d3, 'rolled-back-to': shas.d2 });
    expect(read('staging')).toBe('v2');
  }, 60_000);

  it('the gate refuses v3 afterwards: a pull request of its tree into main, and a re-run of its production workflow', async () => {
    // The same v3 change made again on a hotfix branch: another sha, v3's tree.
    repo.checkout('hotfix/reapply-v3', { create: true, from: shas.m2 });
    shas.h3 = repo.commit('reapply v3', { 'app.txt': 'v3\n' });
    expect(repo.tree(shas.h3 as string)).toBe(repo.tree(shas.d3 as string));
    await load();
    const eventDir = scratchDir();
    const pr = pullRequestEvent(eventDir, { headRef: 'hotfix/reapply-v3', headSha: shas.h3 as string, baseSha: shas.m3 as string });
    const prRun = await walk('on-pull-request-to-main.yml', {
      name: 'pull_request',
      sha: shas.h3 as string,
      ref: pr.GITHUB_REF as string,
      payload: JSON.parse(readFileSync(pr.GITHUB_EVENT_PATH as string, 'utf8')) as Record<string, unknown>,
    });
    rmSync(eventDir, { recursive: true, force: true });
    expect(prRun.job('gate').result).toBe('failure');
    const prRefusal = prRun.job('gate').steps[0]?.errors.join('\n') ?? '';
    // The refusal names the production rollback of v3's tree, whichever sha carries it, and its reason.
    const quarantine = (sha: string) =>
      new RegExp(
        `${sha.slice(0, 7)} is not validated for production: quarantine: ${sha.slice(0, 7)} was rolled back in production: rollback #\\d+ .*replaced ${shas.m3?.slice(0, 7)} with ${shas.m2?.slice(0, 7)}: production release of ${shas.m3} failed`,
      );
    expect(prRefusal).toMatch(quarantine(shas.h3 as string));

    const rerun = await walk('on-main-push.yml', { name: 'push', sha: shas.m3 as string, ref: 'refs/heads/main' }, productionWith());
    expect(rerun.jobs.map((job) => `${job.path}=${job.result}`)).toEqual([
      'production/gate=failure',
      'production/release=skipped',
      'production/rollback=skipped',
    ]);
    expect(rerun.step('production/gate', 'gate').errors.join('\n')).toMatch(quarantine(shas.m3 as string));
    expect(read('weights.log').split('\n')).toEqual(['10', '100', '10', '0', '0']);
  }, 60_000);

  it('the emulator holds one deployment per deploy, each in its right final state, and GitHub would have made none of its own', () => {
    for (const run of Object.values(runs)) expect(run.githubDeployments).toEqual([]);

    const summary = (environment: string) =>
      deploymentsOf(environment).map((deployment) => {
        const status = latestStatus(deployment);
        return { sha: deployment.sha, kind: kindOf(deployment), state: status?.state, description: status?.description };
      });
    expect(summary('staging')).toEqual([
      { sha: shas.d2, kind: 'deploy', state: 'inactive', description: expect.any(String) },
      { sha: shas.d3, kind: 'deploy', state: 'failure', description: `shipgate: rolled back: ${REASON_MANUAL}` },
      { sha: shas.d2, kind: 'rollback', state: 'success', description: expect.any(String) },
    ]);
    expect(summary('production')).toEqual([
      // GitHub marks earlier deployments inactive only in non-production environments
      // (auto_inactive), so the promoted canary of v2 stays success under its rollback record.
      { sha: shas.m2, kind: 'canary', state: 'success', description: `shipgate: canary promoted: ${shas.m2?.slice(0, 7)} at 100%` },
      {
        sha: shas.m3,
        kind: 'canary',
        state: 'failure',
        description: expect.stringMatching(new RegExp(`^shipgate: rolled back: production release of ${shas.m3} failed \\(run \\d+\\)`)),
      },
      { sha: shas.m2, kind: 'rollback', state: 'success', description: expect.any(String) },
    ]);
    // The canary's own abort recorded the judge's reason first, under the rollback job's.
    const aborted = deploymentsOf('production')[1] as DeploymentJson;
    expect(emulator.statusesOf(aborted.id).map((status) => status.description)).toContainEqual(expect.stringMatching(/^shipgate: rolled back: /));
    expect(deploymentsOf('production').every((deployment) => deployment.production_environment)).toBe(true);

    // smoke-test's verdicts on the commits, where the gate reads them: v2 and v3 in staging, the
    // merge of v2 in production; none for the merge of v3, whose smoke test never ran.
    const smoke = (sha: string | undefined) => emulator.commitStatusesOf(sha as string).map((status) => `${status.context}=${status.state}`);
    expect(smoke(shas.d2)).toEqual(['shipgate/smoke-test (staging)=success']);
    expect(smoke(shas.d3)).toEqual(['shipgate/smoke-test (staging)=success']);
    expect(smoke(shas.m2)).toEqual(['shipgate/smoke-test (production)=success']);
    expect(smoke(shas.m3)).toEqual([]);
  });
});
