import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { DEPLOY_SCRIPTS, serve } from './helpers/flow-walk-apps';
import { seedPassedDeployment } from './helpers/gate-seeding';
import { GitHistory } from './helpers/git-history';
import { startApp, type LocalApp } from './helpers/http-app';
import { scratchDir } from './helpers/run-action';
import { WorkflowWalker, type WorkflowRun } from './helpers/workflow-walker';

/**
 * The flow's failure paths, walked through the caller workflows of workflows-examples/ and the
 * reusable workflows (test/helpers/workflow-walker.ts), each shipgate step its dist/ bundle
 * against the emulator. Each scenario is one a reviewer found doing harm (issue 14's review):
 *
 *   A  the scheduled canary-advance started a canary of main's head, which never passed the gate;
 *   B  a release GitHub refused before any deployment existed made the rollback job roll back,
 *      and quarantine, the healthy production version;
 *   C  the same after a canary input error;
 *   D  the rollback job re-ran the release's setup-command, which starts the failed version, so
 *      after a promoted canary failed its smoke test production kept serving it.
 */

/** Router and metrics of A–C: every weight logged, a healthy canary's counts. */
const METRICS = `console.log(JSON.stringify({ canary: { requests: 100, errors: 0, slow: 0 }, baseline: { requests: 900, errors: 0, slow: 0 } }));`;
const HOUR = 3_600_000;

let emulator: Emulator | undefined;
let repo: GitHistory | undefined;
let walker: WorkflowWalker | undefined;
let appsDir = '';
const apps: LocalApp[] = [];

afterEach(async () => {
  if (repo) walker?.close(repo.dir);
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await emulator?.close();
  if (repo) rmSync(repo.dir, { recursive: true, force: true });
  if (appsDir) rmSync(appsDir, { recursive: true, force: true });
  emulator = undefined;
  repo = undefined;
  walker = undefined;
  appsDir = '';
});

const read = (name: string) => {
  try {
    return readFileSync(join(appsDir, name), 'utf8').trim();
  } catch {
    return '';
  }
};

/** Production ran `old` then `good` (both passed), `next` passed staging an hour ago; `head` is main's newest, never validated. */
async function history() {
  emulator = await startEmulator();
  appsDir = scratchDir('shipgate-walk-failures-');
  writeFileSync(join(appsDir, 'stable'), 'good');
  writeFileSync(join(appsDir, 'weight'), '0');
  const git = new GitHistory('main');
  repo = git;
  mkdirSync(join(git.dir, 'deploy'));
  git.commit('v1', { 'app.txt': 'v1\n', 'deploy/metrics.mjs': METRICS, ...DEPLOY_SCRIPTS });
  const c = {
    old: git.commit('old', { 'app.txt': 'old\n' }),
    good: git.commit('good', { 'app.txt': 'good\n' }),
    // v3: the app's bug on /api/v1/quote (test/helpers/flow-walk-apps.ts), which /health does not show.
    next: git.commit('next', { 'app.txt': 'v3\n' }),
    head: '',
  };
  c.head = git.commit('head, not validated', { 'app.txt': 'head\n' });
  await emulator.loadGitRepo(git.dir);
  seedPassedDeployment(emulator, { sha: c.old, tree: git.tree(c.old) }, { environment: 'production', successAt: new Date(Date.now() - 5 * HOUR) });
  // Its version is the staging commit its release deployed, as production.yml records it: here the same commit.
  seedPassedDeployment(emulator, { sha: c.good, tree: git.tree(c.good) }, { environment: 'production', successAt: new Date(Date.now() - 2 * HOUR), version: c.good });
  seedPassedDeployment(emulator, { sha: c.next, tree: git.tree(c.next) }, { environment: 'staging', successAt: new Date(Date.now() - HOUR) });
  walker = new WorkflowWalker();
  return c;
}

function walk(workflow: string, event: Parameters<WorkflowWalker['walk']>[0]['event'], overrides: Record<string, Record<string, string | null>>) {
  if (!walker || !repo || !emulator) throw new Error('history() first');
  return walker.walk({
    workflow: `workflows-examples/${workflow}`,
    event,
    repoDir: repo.dir,
    apiUrl: emulator.url,
    secrets: { DEPLOY_ENV: `APPS_DIR=${appsDir}` },
    with: overrides,
  });
}

/** Production's records, oldest first: sha, kind and latest state. */
function production(shaNames: Record<string, string>) {
  const names = new Map(Object.entries(shaNames).map(([name, sha]) => [sha, name]));
  return (emulator as Emulator).deployments
    .filter((deployment) => deployment.environment === 'production')
    .reverse()
    .map((deployment) => {
      const kind = (deployment.payload as { shipgate?: { kind?: string } }).shipgate?.kind;
      return `${names.get(deployment.sha) ?? deployment.sha.slice(0, 7)} ${kind} ${(emulator as Emulator).statusesOf(deployment.id)[0]?.state}`;
    });
}

const jobs = (run: WorkflowRun) => run.jobs.map((job) => `${job.path}=${job.result}`);
const router = (dir: string) => ({ 'set-weight-command': `node ${join(dir, 'deploy/router.mjs')} {weight}` });

describe('the flow when a release fails before its deployment exists: production stays as it was', () => {
  it('B: GitHub refuses the production deployment (422): the rollback job is skipped; nothing is redeployed or quarantined', async () => {
    const c = await history();
    emulator?.failNext('POST /repos/:owner/:repo/deployments', { status: 422, body: { message: 'Validation Failed' } });
    const run = await walk('on-main-push.yml', { name: 'push', sha: c.next, ref: 'refs/heads/main' }, {
      production: {
        'min-soak': '0',
        'max-age': '',
        'install-command': null,
        'health-url': null,
        url: 'http://127.0.0.1:9',
        'deploy-command': 'node deploy/point.mjs stable {sha}',
        'rollback-command': 'node deploy/point.mjs stable {sha}',
      },
    });
    expect(jobs(run)).toEqual(['production/gate=success', 'production/release=failure', 'production/rollback=skipped']);
    expect(run.step('production/release', 'deploy').errors.join('\n')).toMatch(/422|Validation Failed/);
    expect(read('stable')).toBe('good');
    expect(production(c)).toEqual(['old deploy success', 'good deploy success']);
  }, 120_000);

  it('C: canary-step fails before it creates its deployment (metric source unreachable): no rollback, no quarantine, no weight moved', async () => {
    const c = await history();
    const run = await walk('on-tag.yml', { name: 'push', sha: c.next, ref: 'refs/tags/v9.0.0' }, {
      production: {
        'install-command': null,
        'setup-command': 'true',
        'canary-url': null,
        'baseline-url': null,
        'prometheus-url': 'http://127.0.0.1:9',
        'error-rate-query': 'up',
        ...router(repo?.dir ?? ''),
        url: 'http://127.0.0.1:9',
      },
    });
    expect(jobs(run)).toEqual(['production/gate=success', 'production/release=failure', 'production/rollback=skipped']);
    expect(run.step('production/release', 'canary').outcome).toBe('failure');
    expect(read('weights.log')).toBe('');
    expect(production(c)).toEqual(['old deploy success', 'good deploy success']);
  }, 120_000);
});

describe('the scheduled canary-advance never starts a canary', () => {
  const advanceWith = () => ({
    advance: {
      'prometheus-url': null,
      'error-rate-query': null,
      // canary-advance.yml checks out only shipgate: the team's scripts by their full path.
      'metrics-command': `node ${join(repo?.dir ?? '', 'deploy/metrics.mjs')}`,
      ...router(repo?.dir ?? ''),
      url: null,
    },
  });

  it('A: with no canary open, the schedule on main’s head does nothing: no deployment, no weight, decision none', async () => {
    const c = await history();
    const run = await walk('canary-advance.yml', { name: 'schedule', sha: c.head, ref: 'refs/heads/main' }, advanceWith());
    expect(jobs(run)).toEqual(['advance/advance=success', 'advance/rollback=skipped']);
    expect(run.results.advance?.outputs).toMatchObject({ decision: 'none' });
    expect(run.step('advance/advance', 'canary').stdout).toContain('No canary is open in production: nothing to advance');
    expect(read('weights.log')).toBe('');
    expect(production(c)).toEqual(['old deploy success', 'good deploy success']);
    // The job runs in its own environment (no reviewers), the records stay production's.
    expect(run.job('advance/advance').environment).toEqual({ name: 'production-canary', deployment: false });
  }, 120_000);

  it("A: with the tag's canary open, the schedule on main's head advances that canary and starts none of its own", async () => {
    const c = await history();
    const release = await walk('on-tag.yml', { name: 'push', sha: c.next, ref: 'refs/tags/v9.0.0' }, {
      production: {
        'install-command': null,
        'setup-command': 'true',
        'canary-mode': 'advance',
        'canary-steps': '10:1s,100',
        'canary-url': null,
        'baseline-url': null,
        'metrics-command': 'node deploy/metrics.mjs',
        ...router(repo?.dir ?? ''),
        url: 'http://127.0.0.1:9',
      },
    });
    expect(jobs(release)).toEqual(['production/gate=success', 'production/release=success', 'production/rollback=skipped']);
    expect(release.results.production?.outputs).toMatchObject({ decision: 'in-progress' });
    await new Promise((done) => setTimeout(done, 1_100));
    const run = await walk('canary-advance.yml', { name: 'schedule', sha: c.head, ref: 'refs/heads/main' }, { advance: { ...advanceWith().advance, 'canary-steps': '10:1s,100' } });
    expect(jobs(run)).toEqual(['advance/advance=success', 'advance/rollback=skipped']);
    // The release's canary, judged once more (how far it gets depends on the judge's evidence).
    const deploymentId = release.results.production?.outputs['deployment-id'];
    expect(run.step('advance/advance', 'canary').outputs).toMatchObject({ sha: c.next, 'deployment-id': deploymentId, decision: expect.stringMatching(/^(in-progress|promoted)$/) });
    expect(read('weights.log').split('\n')[0]).toBe('10');
    expect(production(c)).toEqual(['old deploy success', 'good deploy success', expect.stringMatching(/^next canary (in_progress|success)$/)]);
  }, 120_000);
});

describe('the rollback job after a promoted canary fails its smoke test', () => {
  it('D: never re-runs the release’s setup-command: traffic goes back to the version that served before', async () => {
    emulator = await startEmulator();
    appsDir = scratchDir('shipgate-walk-d-');
    writeFileSync(join(appsDir, 'stable'), 'v1');
    writeFileSync(join(appsDir, 'weight'), '0');
    const stable = await startApp((req, res) => serve(read('stable'), req, res));
    const canary = await startApp((req, res) => serve(read('canary'), req, res));
    const staging = await startApp((req, res) => serve(read('staging'), req, res));
    let request = 0;
    const front = await startApp((req, res) => serve(request++ % 100 < Number(read('weight')) ? read('canary') : read('stable'), req, res));
    apps.push(stable, canary, staging, front);
    const git = new GitHistory('main');
    repo = git;
    mkdirSync(join(git.dir, 'deploy'));
    git.commit('v1', { 'app.txt': 'v1\n', ...DEPLOY_SCRIPTS });
    git.checkout('develop', { create: true });
    const d2 = git.commit('v2', { 'app.txt': 'v2\n' });
    git.checkout('main');
    const m2 = git.mergeNoFf('develop');
    git.checkout('develop');
    const d3 = git.commit('v3', { 'app.txt': 'v3\n' });
    git.checkout('main');
    const m3 = git.mergeNoFf('develop');
    await emulator.loadGitRepo(git.dir);
    walker = new WorkflowWalker();
    const stagingWith = {
      staging: {
        'node-version': null,
        'install-command': 'true',
        'build-command': 'true',
        'typecheck-command': 'true',
        'test-command': 'true',
        'coverage-command': 'true',
        'audit-command': 'true',
        'deploy-install-command': null,
        'setup-command': 'true',
        'deploy-command': 'node deploy/point.mjs staging {sha}',
        url: staging.url,
        'health-url': `${staging.url}/health`,
        'health-timeout': '10s',
        'smoke-load-requests': '0',
        'smoke-thresholds': '',
        'smoke-checks': 'checks:\n  - name: health\n    path: /health\n    expect: { status: 200 }\n',
      },
    };
    // The probe reads /, which v3 answers; the smoke test reads /api/v1/quote, which it fails.
    const productionWith = {
      production: {
        'min-soak': '0',
        rollout: 'canary',
        'install-command': null,
        'setup-command': 'node deploy/start-canary.mjs "$GITHUB_SHA"',
        'deploy-command': null,
        'rollback-command': null,
        'set-weight-command': 'node deploy/router.mjs {weight}',
        'canary-steps': '10:3s,100',
        'canary-url': canary.url,
        'baseline-url': stable.url,
        'probe-path': '/',
        url: front.url,
        'health-url': `${front.url}/health`,
        'health-timeout': '10s',
        'smoke-checks': 'checks:\n  - name: quote\n    path: /api/v1/quote\n    expect: { status: 200 }\n',
        'smoke-wait-timeout': '0',
      },
    };
    const results: string[][] = [];
    for (const [developSha, mainSha] of [[d2, m2], [d3, m3]] as const) {
      await walk('on-develop-push.yml', { name: 'push', sha: developSha, ref: 'refs/heads/develop' }, stagingWith);
      results.push(jobs(await walk('on-main-push.yml', { name: 'push', sha: mainSha, ref: 'refs/heads/main' }, productionWith)));
    }
    expect(results).toEqual([
      ['production/gate=success', 'production/release=success', 'production/rollback=skipped'],
      ['production/gate=success', 'production/release=failure', 'production/rollback=success'],
    ]);
    // v3 stays on the canary instance at 0 %; v2, promoted before, is the stable one again.
    expect({ stable: read('stable'), canary: read('canary'), weight: read('weight') }).toEqual({ stable: 'v2', canary: 'v3', weight: '0' });
    const served = new Set<string>();
    for (let i = 0; i < 20; i++) served.add(await (await fetch(`${front.url}/api/v1/quote`)).text());
    expect([...served]).toEqual(['v2']);
  }, 180_000);
});

describe("on-main-push.yml's own direct path", () => {
  /** The example's wiring; its flyctl commands become the same shape on the local app: deploy the version's build, never build. */
  const directWith = (url: string) => ({
    production: {
      'min-soak': '0',
      'install-command': null,
      'deploy-command': 'node deploy/point.mjs stable {version}',
      'rollback-command': 'node deploy/point.mjs stable {version}',
      url,
      'health-url': `${url}/health`,
      'health-timeout': '10s',
    },
  });

  it('deploys the staging-validated version by the gate’s commit, smoke-tests it, and needs no rollback', async () => {
    const c = await history();
    const app = await startApp((req, res) => serve(read('stable'), req, res));
    apps.push(app);
    const run = await walk('on-main-push.yml', { name: 'push', sha: c.next, ref: 'refs/heads/main' }, directWith(app.url));
    expect(jobs(run)).toEqual(['production/gate=success', 'production/release=success', 'production/rollback=skipped']);
    expect(run.results.production?.outputs).toMatchObject({ 'validated-sha': c.next, decision: 'success', 'smoke-passed': 'true', 'rolled-back-to': '' });
    expect(run.step('production/release', 'deploy').outputs).toMatchObject({ version: c.next });
    expect(read('stable')).toBe('v3');
  }, 120_000);

  it('a failing smoke test after the direct deploy: the rollback job redeploys the previous version by its recorded version and quarantines v3', async () => {
    const c = await history();
    const app = await startApp((req, res) => serve(read('stable'), req, res));
    apps.push(app);
    const settings = directWith(app.url);
    const run = await walk('on-main-push.yml', { name: 'push', sha: c.next, ref: 'refs/heads/main' }, {
      production: { ...settings.production, 'smoke-checks': 'checks:\n  - name: quote\n    path: /api/v1/quote\n    expect: { status: 200 }\n', 'smoke-wait-timeout': '0' },
    });
    expect(jobs(run)).toEqual(['production/gate=success', 'production/release=failure', 'production/rollback=success']);
    expect(run.results.production?.outputs).toMatchObject({ decision: 'success', 'smoke-passed': 'false', 'rolled-back-to': c.good });
    expect(read('stable')).toBe('good');
    expect(production(c)).toEqual(['old deploy success', 'good deploy success', 'next deploy failure', 'good rollback success']);
  }, 120_000);
});
