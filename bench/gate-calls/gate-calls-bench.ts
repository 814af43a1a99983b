// REST calls made by one staging-gate-check decision, per scenario, against the emulator with
// a long staging history. Runs the committed bundle (dist/staging-gate-check) as the runner
// would and counts the requests the emulator answered. Not a test: it prints what it measured.
// Usage: npm run bench:gate [-- --history 1000] (bench/run-typescript.mjs bundles this file first)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../test/emulator';
import {
  addUnknownCommits,
  seedLyingDeployment,
  seedPassedDeployment,
  seedPlainDeployment,
  seedRollback,
  seedRollbackRecord,
  seedStagingHistory,
} from '../../test/helpers/gate-seeding';
import { promotionHistory } from '../../test/helpers/git-history';

const root = process.env.SHIPGATE_ROOT ?? process.cwd();
const historyArg = process.argv.indexOf('--history');
const HISTORY = historyArg > 0 ? Number(process.argv[historyArg + 1]) : 1000;
const BUDGET = 6;

const git = promotionHistory();
const at = (sha: string) => ({ sha, tree: git.repo.tree(sha) });

/** Runs dist/staging-gate-check/index.js with INPUT_* like the runner; returns its outputs. */
async function runGate(apiUrl: string, inputs: Record<string, string>, extraEnv: (work: string) => Record<string, string> = () => ({})): Promise<Record<string, string>> {
  const work = mkdtempSync(join(tmpdir(), 'shipgate-bench-run-'));
  const outputFile = join(work, 'output');
  for (const name of ['output', 'state', 'summary']) writeFileSync(join(work, name), '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/app',
    GITHUB_API_URL: apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SHA: git.merge,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STATE: join(work, 'state'),
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    RUNNER_TEMP: work,
    'INPUT_GITHUB-TOKEN': 'ghs_bench',
    'INPUT_SOURCE-ENVIRONMENT': 'staging',
    'INPUT_TARGET-ENVIRONMENT': 'production',
    INPUT_MATCH: 'tree',
    'INPUT_ALLOWED-SOURCES': 'develop',
    'INPUT_MIN-SOAK': '0',
    INPUT_FAIL: 'false',
    'INPUT_ALLOW-ROLLED-BACK': 'false',
    'INPUT_DRY-RUN': 'false',
    'INPUT_SEARCH-DEPTH': '100',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  Object.assign(env, extraEnv(work));
  const child = spawn(process.execPath, [join(root, 'dist', 'staging-gate-check', 'index.js')], { cwd: work, env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`staging-gate-check exited ${code}: ${stdout.split('\n').filter((line) => line.startsWith('::error')).join(' ')}`);
  const outputs: Record<string, string> = {};
  const lines = readFileSync(outputFile, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (match) outputs[match[1] as string] = lines[++i] ?? '';
  }
  return outputs;
}

/** A pull_request event from `headRef` into main, as the runner writes it. */
const pullRequest = (headRef: string, headSha: string) => (work: string) => {
  const file = join(work, 'event.json');
  writeFileSync(
    file,
    JSON.stringify({
      pull_request: {
        number: 7,
        head: { ref: headRef, sha: headSha, repo: { full_name: 'acme/app' } },
        base: { ref: 'main', sha: git.merge, repo: { full_name: 'acme/app' } },
      },
    }),
  );
  return { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file };
};

interface Scenario {
  name: string;
  sha?: string;
  inputs?: Record<string, string>;
  env?: (work: string) => Record<string, string>;
  seed(emulator: Emulator): void;
  expectValidated: boolean;
}

const scenarios: Scenario[] = [
  { name: 'merge commit of the validated develop head', sha: git.merge, expectValidated: true, seed: (e) => seedPassedDeployment(e, at(git.d1)) },
  { name: 'squash merge, identical tree', sha: git.squash, expectValidated: true, seed: (e) => seedPassedDeployment(e, at(git.d1)) },
  { name: 'fast-forward: the deployed sha itself', sha: git.d1, expectValidated: true, seed: (e) => seedPassedDeployment(e, at(git.d1)) },
  { name: 'merge commit, staging deployment without payload (environment: job)', sha: git.merge, expectValidated: true, seed: (e) => seedPlainDeployment(e, git.d1) },
  { name: 'squash merge, staging deployment without payload', sha: git.squash, expectValidated: true, seed: (e) => seedPlainDeployment(e, git.d1) },
  {
    name: 'hotfix pull request with the tree of a validated develop commit',
    inputs: { 'allowed-sources': 'develop, hotfix/*' },
    env: pullRequest('hotfix/rebuilt', git.hotfixSameTree),
    expectValidated: true,
    seed: (e) => seedPlainDeployment(e, git.d1),
  },
  {
    name: 're-promotion: already in production',
    sha: git.merge,
    expectValidated: true,
    seed: (e) => {
      seedPassedDeployment(e, at(git.d1));
      seedPassedDeployment(e, at(git.merge), { environment: 'production', smoke: 'none' });
    },
  },
  {
    name: 're-promotion of a squash commit, all without payloads (tree lookup needed)',
    sha: git.squash,
    expectValidated: true,
    seed: (e) => {
      seedPlainDeployment(e, git.d1);
      seedPlainDeployment(e, git.squash, { environment: 'production', ref: 'main', smoke: 'none' });
    },
  },
  {
    name: 'rolled back in production (refused)',
    sha: git.merge,
    expectValidated: false,
    seed: (e) => {
      seedPassedDeployment(e, at(git.d1));
      seedRollback(e, at(git.merge), at(git.c0), 'canary error rate');
    },
  },
  {
    name: 'rolled back in production, the rollback failed (nothing replaced: validated)',
    sha: git.merge,
    expectValidated: true,
    seed: (e) => {
      seedPassedDeployment(e, at(git.d1));
      seedRollbackRecord(e, git.merge, at(git.c0), 'typo', { state: 'failure' });
    },
  },
  {
    name: 'squash merge without payloads + a production rollback record of other code without rolled_back_tree (its tree from git)',
    sha: git.squash,
    expectValidated: true,
    seed: (e) => {
      seedPlainDeployment(e, git.d1);
      const [bad] = addUnknownCommits(e, 1);
      seedRollbackRecord(e, bad as string, at(git.c0), 'error rate');
    },
  },
  {
    name: 'squash merge without payloads + 100 production rollback records of other code without rolled_back_tree',
    sha: git.squash,
    expectValidated: true,
    seed: (e) => {
      seedPlainDeployment(e, git.d1);
      for (const bad of addUnknownCommits(e, 100)) seedRollbackRecord(e, bad, at(git.c0), 'error rate');
    },
  },
  {
    name: 'refusal: tree never reached staging + a production rollback record without rolled_back_tree',
    sha: git.unvalidated,
    expectValidated: false,
    seed: (e) => {
      seedPlainDeployment(e, git.d1);
      const [bad] = addUnknownCommits(e, 1);
      seedRollbackRecord(e, bad as string, at(git.c0), 'error rate');
    },
  },
  {
    name: 'lying payload: claims the tree, its commit has another (refused)',
    sha: git.merge,
    expectValidated: false,
    seed: (e) => seedLyingDeployment(e, { sha: git.feature }, git.repo.tree(git.merge)),
  },
  { name: 'tree never reached staging (refused)', sha: git.unvalidated, expectValidated: false, seed: (e) => seedPassedDeployment(e, at(git.d1)) },
];

const results: { name: string; calls: number; routes: string; validated: string }[] = [];
for (const scenario of scenarios) {
  const emulator = await startEmulator();
  try {
    await emulator.loadGitRepo(git.repo.dir);
    seedStagingHistory(emulator, HISTORY);
    scenario.seed(emulator);
    emulator.clearRequests();
    const outputs = await runGate(emulator.url, { ...(scenario.sha ? { sha: scenario.sha } : {}), ...scenario.inputs }, scenario.env);
    if ((outputs.validated === 'true') !== scenario.expectValidated) {
      throw new Error(`${scenario.name}: expected validated=${scenario.expectValidated}, got ${outputs.validated}: ${outputs.reason}`);
    }
    const routes = new Map<string, number>();
    for (const request of emulator.requests) {
      const route = `${request.method} ${request.path.replace(/^\/repos\/[^/]+\/[^/]+/, '').replace(/[0-9a-f]{40}/g, '{sha}').replace(/\/\d+/g, '/{id}')}${request.query.environment ? `?environment=${request.query.environment}` : ''}${request.path === '/graphql' ? ((request.body as { query?: string } | undefined)?.query?.includes('deployments(') ? ' (deployments with trees)' : ' (commit trees)') : ''}`;
      routes.set(route, (routes.get(route) ?? 0) + 1);
    }
    results.push({
      name: scenario.name,
      calls: emulator.countRequests(),
      validated: outputs.validated ?? '?',
      routes: [...routes].map(([route, n]) => `${n}× ${route}`).join(', '),
    });
  } finally {
    await emulator.close();
  }
}

const staging = HISTORY + 1;
console.log(`staging-gate-check API calls per decision (REST + GraphQL; emulator; ${HISTORY} historic staging deployments, half without a shipgate payload, + the seeded one(s) = ${staging}; budget ${BUDGET})`);
for (const r of results) console.log(`  ${String(r.calls).padStart(2)} calls  validated=${r.validated.padEnd(5)}  ${r.name}\n           ${r.routes}`);
const worst = Math.max(...results.map((r) => r.calls));
console.log(`max ${worst} calls over ${results.length} scenarios: ${worst <= BUDGET ? 'within' : 'OVER'} the budget of ${BUDGET}`);
if (worst > BUDGET) process.exitCode = 1;
