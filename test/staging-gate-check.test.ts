import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LocalRecords } from '@shipgate/records';
import { startEmulator, type Emulator } from './emulator';
import {
  addUnknownCommits,
  seedLyingDeployment,
  seedPassedDeployment,
  seedPlainDeployment,
  seedRollback,
  seedRollbackRecord,
  seedStagingHistory,
  writeLocalRecords,
} from './helpers/gate-seeding';
import { promotionHistory } from './helpers/git-history';
import { runAction, scratchDir, type RunOptions } from './helpers/run-action';
import { pullRequestEvent as writePullRequestEvent } from './helpers/pull-request-event';

const SMOKE = 'shipgate/smoke-test (staging)';
const MINUTE = 60_000;

let history: ReturnType<typeof promotionHistory>;
let emulator: Emulator;
let work: string;
const at = (sha: string) => ({ sha, tree: history.repo.tree(sha) });

beforeAll(() => {
  history = promotionHistory();
});
beforeEach(async () => {
  emulator = await startEmulator();
  await emulator.loadGitRepo(history.repo.dir);
  work = scratchDir();
});
afterEach(async () => {
  await emulator.close();
});

const gate = (inputs: Record<string, string>, options: RunOptions = {}) =>
  runAction('staging-gate-check', { apiUrl: emulator.url, cwd: work, ...options, inputs });

const pullRequestEvent = (headRef: string, headSha: string, headRepo?: string) =>
  writePullRequestEvent(work, { headRef, headSha, baseSha: history.merge, headRepo });

const checks = (outputs: Record<string, string>) => JSON.parse(outputs.checks ?? '[]') as { name: string; passed: boolean; detail: string }[];

describe('staging-gate-check (bundled, against the GitHub emulator, real git history)', () => {
  it('passes the merge commit of a validated develop head, among 1,000 older staging deployments, in at most 6 REST calls', async () => {
    seedStagingHistory(emulator, 1000);
    const staged = seedPassedDeployment(emulator, at(history.d1));
    emulator.clearRequests();

    const run = await gate({ sha: history.merge });

    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.d1, 'deployment-id': String(staged.id) });
    expect(run.outputs.reason).toContain(`same tree as ${history.d1.slice(0, 7)}`);
    expect(checks(run.outputs).map((c) => [c.name, c.passed])).toEqual([
      ['branch-flow', true],
      ['quarantine', true],
      ['staging-match', true],
      ['staging-success', true],
      ['required-contexts', true],
      ['max-age', true],
      ['min-soak', true],
    ]);
    expect(emulator.countRequests()).toBeLessThanOrEqual(6);
    // The summary shows every check and its evidence, with links to the runs.
    expect(run.summary).toContain('✅ shipgate staging-gate-check');
    for (const name of ['branch-flow', 'quarantine', 'staging-match', 'staging-success', 'required-contexts', 'max-age', 'min-soak']) expect(run.summary).toContain(name);
    expect(run.summary).toContain(`#${staged.id}`);
    expect(run.summary).toContain('href="https://github.com/acme/app/actions/runs/78"');
    expect(run.summary).toContain(`href="https://github.com/acme/app/commit/${history.d1}"`);
  });

  it('stays within 6 calls in its most expensive case: a squash commit already in production, matched by a tree lookup among 1,000 deployments', async () => {
    seedStagingHistory(emulator, 1000);
    const staged = seedPlainDeployment(emulator, history.d1);
    seedPlainDeployment(emulator, history.squash, { environment: 'production', ref: 'main', smoke: 'none' });
    emulator.clearRequests();
    const run = await gate({ sha: history.squash });
    expect(run.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.d1 });
    const graphqlQueries = emulator.requests.filter((r) => r.path === '/graphql').map((r) => ((r.body as { query: string }).query.includes('deployments(') ? 'deployments with trees' : 'commit trees'));
    expect(graphqlQueries.sort()).toEqual(['commit trees', 'deployments with trees']);
    expect(emulator.requests.map((r) => `${r.method} ${r.path.replace(/^\/repos\/acme\/app/, '')}${r.query.environment ? ` ${r.query.environment}` : ''}`).sort()).toEqual(
      ['GET /commits', 'GET /deployments staging', 'POST /graphql', 'POST /graphql', `GET /deployments/${staged.id}/statuses`, `GET /commits/${history.d1}/statuses`].sort(),
    );
  });

  it('passes a squash merge with the identical tree', async () => {
    seedPassedDeployment(emulator, at(history.d1));
    const run = await gate({ sha: history.squash });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.d1 });
  });

  it('refuses a main commit whose tree never reached staging, naming the one reason in the output and the error', async () => {
    seedPassedDeployment(emulator, at(history.d1));
    const run = await gate({ sha: history.unvalidated });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ validated: 'false', 'validated-sha': '', 'deployment-id': '' });
    expect(run.outputs.reason).toMatch(/^staging-match: \w{7} \(tree \w{7}\) was never deployed to staging/);
    expect(run.errors).toEqual([`staging-gate-check: ${history.unvalidated.slice(0, 7)} is not validated for production: ${run.outputs.reason}`]);
    expect(run.summary).toContain('❌ shipgate staging-gate-check');
  });

  it('refuses a validated tree whose smoke test failed', async () => {
    seedPassedDeployment(emulator, at(history.d1), { smoke: 'failure' });
    const run = await gate({ sha: history.merge });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toBe(`required-contexts: '${SMOKE}' is failure on ${history.d1.slice(0, 7)} (smoke: 3/40 failed)`);
    expect(run.errors[0]).toContain(run.outputs.reason);
  });

  it('refuses a staging deployment that was later marked failure', async () => {
    seedPassedDeployment(emulator, at(history.d1), { laterFailure: 'shipgate: verification failed after deploy' });
    const run = await gate({ sha: history.merge });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toMatch(/^staging-success: deployment #\d+ reached success in staging but was marked failure at .*: shipgate: verification failed after deploy$/);
  });

  it('refuses a pull request from feature/x into main on branch flow, and passes hotfix/y when allowed', async () => {
    seedPassedDeployment(emulator, at(history.feature));
    seedPassedDeployment(emulator, at(history.hotfix));
    const inputs = { 'allowed-sources': 'develop, hotfix/*' };

    const feature = await gate(inputs, { env: pullRequestEvent('feature/x', history.feature) });
    expect(feature.exitCode).toBe(1);
    expect(feature.outputs.reason).toBe("branch-flow: pull request from 'feature/x' into 'main' is not allowed: the head branch matches none of allowed-sources (develop, hotfix/*)");

    // No `sha` input: the pull request's head sha is the commit checked.
    const hotfix = await gate(inputs, { env: pullRequestEvent('hotfix/y', history.hotfix) });
    expect(hotfix.errors).toEqual([]);
    expect(hotfix.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.hotfix });

    const notAllowed = await gate({}, { env: pullRequestEvent('hotfix/y', history.hotfix) });
    expect(notAllowed.outputs.reason).toMatch(/^branch-flow: pull request from 'hotfix\/y'/);
  });

  it('escapes a hostile head branch name in the job summary', async () => {
    seedPassedDeployment(emulator, at(history.feature));
    const run = await gate({}, { env: pullRequestEvent('feature/<img src=x onerror=alert(1)>', history.feature) });
    expect(run.exitCode).toBe(1);
    expect(run.summary).not.toContain('<img');
    expect(run.summary).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('refuses before min-soak, stating the time remaining', async () => {
    seedPassedDeployment(emulator, at(history.d1), { successAt: new Date(Date.now() - 10 * MINUTE) });
    const run = await gate({ sha: history.merge, 'min-soak': '1h' });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toMatch(/^min-soak: soak not reached: successful for 10m\d*s? of the required 1h; (49m\d+s|50m) remaining/);
    const soaked = await gate({ sha: history.merge, 'min-soak': '5m' });
    expect(soaked.outputs.validated).toBe('true');
  });

  it('refuses a sha rolled back in production with the rollback reason, and allows it with allow-rolled-back', async () => {
    seedPassedDeployment(emulator, at(history.d1));
    const { rollback } = seedRollback(emulator, at(history.merge), at(history.c0), 'canary error rate 4.1% > 1%');

    const refused = await gate({ sha: history.merge });
    expect(refused.exitCode).toBe(1);
    expect(refused.outputs.reason).toContain(`quarantine: ${history.merge.slice(0, 7)} was rolled back in production: rollback #${rollback.id}`);
    expect(refused.outputs.reason).toContain('canary error rate 4.1% > 1%');
    expect(refused.errors[0]).toContain('canary error rate 4.1% > 1%');

    const allowed = await gate({ sha: history.merge, 'allow-rolled-back': 'true' });
    expect(allowed.exitCode).toBe(0);
    expect(allowed.outputs.validated).toBe('true');
    expect(checks(allowed.outputs).find((c) => c.name === 'quarantine')?.detail).toContain('allow-rolled-back is true');
  });

  it('with fail: false gives the outputs and a passing step, so the workflow can branch', async () => {
    const run = await gate({ sha: history.unvalidated, fail: 'false' });
    expect(run.exitCode).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.outputs.validated).toBe('false');
    expect(run.outputs.reason).toMatch(/^staging-match: /);
    expect(run.warnings.join('\n')).toContain('fail: false');
  });

  it('behaves the same with dry-run: true (it only reads)', async () => {
    seedPassedDeployment(emulator, at(history.d1));
    const dry = await gate({ sha: history.merge, 'dry-run': 'true' });
    const real = await gate({ sha: history.merge });
    expect(dry.outputs.validated).toBe('true');
    expect(dry.outputs).toEqual(real.outputs);
    expect(dry.exitCode).toBe(real.exitCode);
  });

  it('refuses a bad input with one error naming it, before any API call', async () => {
    const run = await gate({ sha: history.merge, match: 'exact' });
    expect(run.exitCode).toBe(1);
    expect(run.errors).toEqual(["staging-gate-check: Input 'match' must be one of tree, sha; got 'exact'"]);
    expect(emulator.countRequests()).toBe(0);
  });
});

const summaryText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('staging-gate-check proves "the same code" from git, not from payloads (bundled, emulator)', () => {
  it('validates a merge commit, a squash commit and a fast-forward from a staging deployment with no shipgate payload, in at most 6 calls among 1,000 mixed deployments', async () => {
    seedStagingHistory(emulator, 1000);
    const plain = seedPlainDeployment(emulator, history.d1);
    const tree = history.repo.tree(history.d1);

    for (const [name, sha, matchedBy] of [
      ['merge', history.merge, 'the deployed commit is a parent of the promoted merge commit'],
      ['squash', history.squash, 'a different commit with identical content'],
      ['fast-forward', history.d1, 'same commit (sha)'],
    ] as const) {
      emulator.clearRequests();
      const run = await gate({ sha });
      expect(run.errors, name).toEqual([]);
      expect(run.outputs, name).toMatchObject({ validated: 'true', 'validated-sha': history.d1, 'deployment-id': String(plain.id) });
      expect(emulator.countRequests(), name).toBeLessThanOrEqual(6);
      const text = summaryText(run.summary);
      // The "matched by" fact and the check's evidence say the same; the proof names both commits and the tree.
      expect(text.match(new RegExp(`Matched by[^]*?${matchedBy.replace(/[()]/g, '\\$&')}`, 'g'))?.length, name).toBe(2);
      if (sha === history.d1) expect(text).toContain(`${history.d1} is the deployed commit itself (tree ${tree})`);
      else expect(text).toContain(`git: ${history.d1}^{tree} = ${sha}^{tree} = ${tree}`);
    }
  });

  it('does not accept a deployment whose payload claims a tree its commit does not have, and says the payload was ignored', async () => {
    seedStagingHistory(emulator, 1000);
    // feature/x's commit has another tree; its payload claims the merge commit's tree.
    const liar = seedLyingDeployment(emulator, { sha: history.feature }, history.repo.tree(history.merge));
    emulator.clearRequests();

    const run = await gate({ sha: history.merge });

    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ validated: 'false', 'validated-sha': '', 'deployment-id': '' });
    expect(run.outputs.reason).toMatch(/^staging-match: \w{7} \(tree \w{7}\) was never deployed to staging: searched the 100 newest deployments in staging/);
    expect(run.outputs.reason).toContain(
      `deployment #${liar.id} claims tree ${history.repo.tree(history.merge).slice(0, 7)} in its payload, but git says its commit ${history.feature.slice(0, 7)} has tree ${history.repo.tree(history.feature).slice(0, 7)}: the payload was ignored`,
    );
    // The bounded search says how to look further back, and what it costs.
    expect(run.outputs.reason).toContain('set search-depth (now 100, at most 1000) to look further back; each 100 more deployments cost at most 2 more API calls');
    expect(emulator.countRequests()).toBeLessThanOrEqual(6);
    // A refused gate validated nothing: no "Validated sha" in the summary.
    expect(run.summary).not.toContain('Validated sha');
    expect(summaryText(run.summary)).toContain('Ignored payload');
  });

  it('finds an older validation with a wider search-depth, at 2 more calls per 100 deployments', async () => {
    seedPlainDeployment(emulator, history.d1, { successAt: new Date(Date.now() - 30 * 24 * 60 * MINUTE) });
    seedStagingHistory(emulator, 150);
    emulator.clearRequests();
    const narrow = await gate({ sha: history.merge });
    expect(narrow.outputs.validated).toBe('false');
    expect(narrow.outputs.reason).toContain('set search-depth');
    const narrowCalls = emulator.countRequests();

    emulator.clearRequests();
    const wide = await gate({ sha: history.merge, 'search-depth': '200' });
    expect(wide.errors).toEqual([]);
    expect(wide.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.d1 });
    expect(emulator.countRequests()).toBeLessThanOrEqual(narrowCalls + 2 + 2);
  });

  it('allows a hotfix pull request whose head has the tree of a validated develop commit (allowed-sources: hotfix/*)', async () => {
    seedStagingHistory(emulator, 1000);
    const plain = seedPlainDeployment(emulator, history.d1);
    emulator.clearRequests();

    const run = await gate({ 'allowed-sources': 'develop, hotfix/*' }, { env: pullRequestEvent('hotfix/rebuilt', history.hotfixSameTree) });

    expect(run.errors).toEqual([]);
    expect(run.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.d1, 'deployment-id': String(plain.id) });
    expect(checks(run.outputs).find((c) => c.name === 'branch-flow')?.detail).toContain("allowed by 'hotfix/*'");
    expect(checks(run.outputs).find((c) => c.name === 'staging-match')?.detail).toContain(`${history.d1.slice(0, 7)}, which has the same tree`);
    expect(emulator.countRequests()).toBeLessThanOrEqual(6);
  });

  it('refuses code rolled back in production under another sha, recognised by the git tree of the rolled-back commit (no tree in any payload)', async () => {
    seedPlainDeployment(emulator, history.d1);
    // The squash commit (same tree as the merge) went to production by another tool and was rolled back.
    seedPlainDeployment(emulator, history.squash, { environment: 'production', ref: 'main', smoke: 'none', laterFailure: 'shipgate: rolled back: error rate' });
    const rollback = emulator.seedDeployment({
      sha: history.c0,
      environment: 'production',
      productionEnvironment: true,
      payload: { shipgate: { kind: 'rollback', version: 'c0', rolled_back_from: history.squash, reason: 'error rate 5%' } },
      statuses: [{ state: 'success' }],
    });

    const run = await gate({ sha: history.merge });

    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toBe(
      `quarantine: ${history.merge.slice(0, 7)} was rolled back in production: rollback #${rollback.id} at ${rollback.created_at} replaced ${history.squash.slice(0, 7)} with ${history.c0.slice(0, 7)}: error rate 5%; set allow-rolled-back: true to promote it anyway`,
    );
  });
});

describe('staging-gate-check quarantine by git tree (bundled, emulator)', () => {
  it('refuses code whose production deployment under another sha, without payload, was marked rolled back', async () => {
    seedPlainDeployment(emulator, history.d1);
    const bad = seedPlainDeployment(emulator, history.squash, { environment: 'production', ref: 'main', smoke: 'none', laterFailure: 'shipgate: rolled back: p99 latency' });
    emulator.clearRequests();

    const run = await gate({ sha: history.merge });

    expect(run.exitCode).toBe(1);
    expect(run.outputs.reason).toMatch(
      new RegExp(`^quarantine: ${history.merge.slice(0, 7)} was rolled back in production: deployment #${bad.id} of ${history.squash.slice(0, 7)} was marked failure at \\S+: shipgate: rolled back: p99 latency;`),
    );
    expect(emulator.countRequests()).toBeLessThanOrEqual(6);
  });
});

describe('staging-gate-check with rollback records in the target environment (bundled, emulator)', () => {
  const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;

  it('does not refuse code whose rollback failed: nothing was replaced', async () => {
    seedPlainDeployment(emulator, history.d1);
    seedRollbackRecord(emulator, history.merge, { sha: history.c0 }, 'typo in the command', { state: 'failure' });

    const run = await gate({ sha: history.merge });

    expect(run.exitCode).toBe(0);
    expect(run.outputs.validated).toBe('true');
    expect(checks(run.outputs).find((c) => c.name === 'quarantine')).toMatchObject({ passed: true });
  });

  it('validates a squash commit in at most 6 calls among 1,000 staging deployments, with rollback records of other code that carry no rolled_back_tree', async () => {
    seedStagingHistory(emulator, 1000);
    seedPlainDeployment(emulator, history.d1);
    for (const scale of [1, 100]) {
      // The bad deployments are out of view: git must be asked for each rolled-back commit's tree.
      for (const bad of addUnknownCommits(emulator, scale, `rolled-back-${scale}`)) seedRollbackRecord(emulator, bad, { sha: history.c0 }, 'error rate');
      emulator.clearRequests();

      const run = await gate({ sha: history.squash });

      expect(run.outputs.validated, `${scale} rollback record(s)`).toBe('true');
      expect(emulator.countRequests(), `${scale} rollback record(s)`).toBeLessThanOrEqual(6);
    }
  });

  it('keeps the reason output one line and the checks output valid JSON when a rollback record holds workflow commands and markup', async () => {
    seedPlainDeployment(emulator, history.d1);
    seedRollbackRecord(emulator, history.merge, { sha: history.c0 }, 'boom\n::error title=PWN::injected-by-reason\r\n::set-output name=validated::true\n\n# HEADING\u2028x', {
      version: 'v1\n\n</td></table># VERSION',
    });

    const run = await gate({ sha: history.merge, fail: 'false' });

    expect(run.outputs.validated).toBe('false');
    expect(run.outputs.reason).toMatch(/^quarantine: .* boom ::error title=PWN::injected-by-reason ::set-output name=validated::true # HEADING x; set allow-rolled-back/);
    expect(run.outputs.reason).not.toMatch(CONTROL);
    expect(run.outputs.checks).not.toMatch(CONTROL);
    expect(checks(run.outputs).every((c) => !CONTROL.test(c.detail))).toBe(true);
    // Nothing the record holds reaches the log as a line of its own (a workflow command).
    expect(run.stdout.split('\n').filter((line) => /^::(error title=PWN|set-output)/.test(line))).toEqual([]);
    expect(run.errors.filter((e) => e.includes('PWN'))).toEqual([]);
    // The summary's paragraph and table rows stay single lines: no heading slips out of them.
    const refused = run.summary.split('\n').find((line) => line.startsWith('**Refused:**'));
    expect(refused).toContain('boom ::error title=PWN::injected-by-reason');
    expect(run.summary).not.toMatch(/^# (HEADING|VERSION)/m);
    expect(run.summary).toContain('(v1 &lt;/td&gt;&lt;/table&gt;# VERSION)');
  });

  it('keeps a staging deployment payload version with line breaks inside its table cell', async () => {
    seedPassedDeployment(emulator, at(history.d1), { version: 'v1\n\n# HEADING\n<img src=x>' });

    const run = await gate({ sha: history.merge });

    expect(run.outputs.validated).toBe('true');
    expect(run.summary).not.toMatch(/^# HEADING/m);
    expect(run.summary).toContain('(v1 # HEADING &lt;img src=x&gt;)');
  });
});

describe('staging-gate-check (bundled, local file backend)', () => {
  it('passes the merge commit and refuses the unvalidated one from a records file, resolving refs with git', async () => {
    const file = join(work, 'records.json');
    const records = new LocalRecords(file, history.repo.dir);
    const deployment = await records.createDeployment({
      sha: history.d1,
      environment: 'staging',
      description: 'shipgate: deploy',
      payload: { kind: 'deploy', version: 'v1', tree: history.repo.tree(history.d1) },
      productionEnvironment: false,
      transientEnvironment: false,
    });
    await records.addStatus(deployment.id, { state: 'success', description: 'shipgate: v1 deployed' });
    await records.setCommitStatus(history.d1, { context: SMOKE, state: 'success', description: 'ok' });
    const local = { cwd: history.repo.dir, env: { GITHUB_ACTIONS: 'false', SHIPGATE_RECORDS_FILE: file } };

    const merged = await gate({ sha: 'main', 'github-token': '' }, local);
    expect(merged.errors).toEqual([]);
    expect(merged.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.d1, 'deployment-id': String(deployment.id) });

    const other = await gate({ sha: 'other', 'github-token': '' }, local);
    expect(other.exitCode).toBe(1);
    expect(other.outputs.reason).toMatch(/^staging-match: /);
  });

  it('validates merge, squash and fast-forward from a deployment without payload, refuses a lying payload, and allows a same-tree hotfix pull request', async () => {
    const file = join(work, 'records-git.json');
    const { ids } = writeLocalRecords(file, [
      { sha: history.d1 },
      { sha: history.feature, payload: { shipgate: { kind: 'deploy', version: 'x', tree: history.repo.tree(history.unvalidated) } } },
    ]);
    const local = { cwd: history.repo.dir, env: { GITHUB_ACTIONS: 'false', SHIPGATE_RECORDS_FILE: file } };

    for (const sha of [history.merge, history.squash, history.d1]) {
      const run = await gate({ sha, 'github-token': '' }, local);
      expect(run.errors, sha).toEqual([]);
      expect(run.outputs, sha).toMatchObject({ validated: 'true', 'validated-sha': history.d1, 'deployment-id': String(ids[0]) });
    }

    const lying = await gate({ sha: history.unvalidated, 'github-token': '' }, local);
    expect(lying.exitCode).toBe(1);
    expect(lying.outputs.reason).toContain(`deployment #${ids[1]} claims tree ${history.repo.tree(history.unvalidated).slice(0, 7)} in its payload`);

    const hotfix = await gate({ 'github-token': '', 'allowed-sources': 'develop, hotfix/*' }, { ...local, env: { ...local.env, ...pullRequestEvent('hotfix/rebuilt', history.hotfixSameTree) } });
    expect(hotfix.errors).toEqual([]);
    expect(hotfix.outputs).toMatchObject({ validated: 'true', 'validated-sha': history.d1 });
  });
});
