import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { LocalRecords } from '@shipgate/records';
import { writeLocalRecords } from '../../../test/helpers/gate-seeding';
import { promotionHistory } from '../../../test/helpers/git-history';
import { evaluateGate } from './evaluate-gate';
import type { GateEvent, GatePolicy } from './types';

const SMOKE = 'shipgate/smoke-test (staging)';
const push: GateEvent = { name: 'push' };
const HOUR = 3_600_000;

// One real git history for the whole file (git is the slow part); records are fresh per test.
const history = promotionHistory();
const { repo } = history;
let records: LocalRecords;
let fileCount = 0;

beforeEach(() => {
  records = new LocalRecords(join(repo.dir, `.shipgate/records-${fileCount++}.json`), repo.dir);
});

const policy = (overrides: Partial<GatePolicy> = {}): GatePolicy => ({
  ref: history.merge,
  sourceEnvironment: 'staging',
  targetEnvironment: 'production',
  match: 'tree',
  allowedSources: ['develop'],
  requiredContexts: [SMOKE],
  minSoakMs: 0,
  allowRolledBack: false,
  ...overrides,
});

/** What staging-deploy + smoke-test leave behind for a commit. */
async function passStaging(sha: string, options: { smoke?: 'success' | 'failure' | 'none'; environment?: string } = {}) {
  const environment = options.environment ?? 'staging';
  const deployment = await records.createDeployment({
    sha,
    environment,
    description: 'shipgate: deploy',
    payload: { kind: 'deploy', version: sha.slice(0, 7), ref: sha, tree: repo.tree(sha) },
    productionEnvironment: environment === 'production',
    transientEnvironment: false,
  });
  await records.addStatus(deployment.id, { state: 'in_progress', description: 'shipgate: deploying' });
  await records.addStatus(deployment.id, { state: 'success', description: 'shipgate: deployed', logUrl: 'https://github.com/acme/app/actions/runs/1' });
  const smoke = options.smoke ?? 'success';
  if (smoke !== 'none') {
    await records.setCommitStatus(sha, { context: `shipgate/smoke-test (${environment})`, state: smoke, description: 'smoke' });
  }
  return deployment;
}

const check = (verdict: Awaited<ReturnType<typeof evaluateGate>>, name: string) => verdict.checks.find((c) => c.name === name);

describe('evaluateGate on the local file backend with a real git history', () => {
  it('passes a merge commit whose tree is the validated develop head, naming that head', async () => {
    const staged = await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.validated).toBe(true);
    expect(verdict.staging?.deployment.id).toBe(staged.id);
    expect(verdict.staging?.deployment.sha).toBe(history.d1);
    expect(check(verdict, 'staging-match')?.detail).toContain(`${history.d1.slice(0, 7)}, which has the same tree`);
    expect(verdict.checks.map((c) => [c.name, c.passed])).toEqual([
      ['branch-flow', true],
      ['quarantine', true],
      ['staging-match', true],
      ['staging-success', true],
      ['required-contexts', true],
      ['max-age', true],
      ['min-soak', true],
    ]);
  });

  it('passes a squash merge with the identical tree', async () => {
    await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy({ ref: history.squash }), push);
    expect(verdict.validated).toBe(true);
    expect(verdict.staging?.deployment.sha).toBe(history.d1);
  });

  it('refuses the merge commit with match: sha, because only its develop parent was deployed', async () => {
    await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy({ match: 'sha' }), push);
    expect(verdict.validated).toBe(false);
    expect(verdict.reason).toMatch(/^staging-match: .* was never deployed to staging/);
  });

  it('refuses a main commit whose tree never reached staging, and says so as the one reason', async () => {
    await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy({ ref: history.unvalidated }), push);
    expect(verdict.validated).toBe(false);
    expect(verdict.reason).toContain(`staging-match: ${history.unvalidated.slice(0, 7)} (tree ${repo.tree(history.unvalidated).slice(0, 7)}) was never deployed to staging`);
    expect(check(verdict, 'min-soak')?.detail).toMatch(/^not evaluated/);
  });

  it('refuses a validated tree whose smoke test failed', async () => {
    await passStaging(history.d1, { smoke: 'failure' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.validated).toBe(false);
    expect(verdict.reason).toBe(`required-contexts: '${SMOKE}' is failure on ${history.d1.slice(0, 7)} (smoke)`);
  });

  it('refuses when a newer smoke test on the same sha failed after one passed', async () => {
    await passStaging(history.d1);
    await records.setCommitStatus(history.d1, { context: SMOKE, state: 'failure', description: 'p95 1.2s' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.reason).toContain(`'${SMOKE}' is failure`);
  });

  it('refuses when the smoke test never ran', async () => {
    await passStaging(history.d1, { smoke: 'none' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.reason).toBe(`required-contexts: '${SMOKE}' has no status on ${history.d1.slice(0, 7)}`);
  });

  it('refuses a staging deployment that was later marked failure, with its description', async () => {
    const staged = await passStaging(history.d1);
    await records.addStatus(staged.id, { state: 'failure', description: 'shipgate: rolled back: error rate 4%' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.validated).toBe(false);
    expect(verdict.reason).toMatch(/^staging-success: deployment #\d+ reached success in staging but was marked failure at .*: shipgate: rolled back: error rate 4%$/);
  });

  it('still counts a deployment superseded (inactive) by a newer one', async () => {
    await passStaging(history.d1);
    await passStaging(history.feature); // auto_inactive marks d1's deployment inactive
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.validated).toBe(true);
    expect(check(verdict, 'staging-success')?.detail).toContain('superseded');
  });

  it('lets the newest deployment of the tree decide: a newer failed deploy of it outweighs an older success', async () => {
    await passStaging(history.d1);
    const retry = await records.createDeployment({
      sha: history.d1,
      environment: 'staging',
      description: 'again',
      payload: { kind: 'deploy', version: 'again', tree: repo.tree(history.d1) },
      productionEnvironment: false,
      transientEnvironment: false,
    });
    await records.addStatus(retry.id, { state: 'failure', description: 'shipgate: health check failed' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.reason).toContain(`deployment #${retry.id} in staging never reached success; it is failure`);
  });

  it('states the remaining soak time when min-soak is not reached', async () => {
    await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy({ minSoakMs: 2 * HOUR }), push, new Date(Date.now() + 30 * 60_000));
    expect(verdict.validated).toBe(false);
    expect(verdict.reason).toMatch(/^min-soak: soak not reached: successful for 30m\d*s? of the required 2h; (1h30m|1h29m5\ds) remaining/);
    const later = await evaluateGate(records, policy({ minSoakMs: 2 * HOUR }), push, new Date(Date.now() + 3 * HOUR));
    expect(later.validated).toBe(true);
  });

  it('refuses a validation older than max-age', async () => {
    await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy({ maxAgeMs: 24 * HOUR }), push, new Date(Date.now() + 25 * HOUR));
    expect(verdict.reason).toMatch(/^max-age: validation too old: successful 25h\d*m?\d*s? ago/);
  });

  it('refuses a sha rolled back in production, with the rollback reason, unless allow-rolled-back', async () => {
    await passStaging(history.d1);
    const bad = await passStaging(history.merge, { environment: 'production' });
    const previous = await passStaging(history.c0, { environment: 'production' });
    await records.addStatus(bad.id, { state: 'failure', description: 'shipgate: rolled back: error rate 4%' });
    const rollback = await records.createDeployment({
      sha: history.c0,
      environment: 'production',
      description: 'rollback',
      payload: { kind: 'rollback', version: 'v0', rolled_back_from: history.merge, reason: 'canary error rate 4% > 1%' },
      productionEnvironment: true,
      transientEnvironment: false,
    });
    await records.addStatus(rollback.id, { state: 'success', description: 'restored' });
    expect(previous.id).toBeLessThan(rollback.id);

    const refused = await evaluateGate(records, policy(), push);
    expect(refused.validated).toBe(false);
    expect(refused.reason).toContain(`quarantine: ${history.merge.slice(0, 7)} was rolled back in production: rollback #${rollback.id}`);
    expect(refused.reason).toContain('canary error rate 4% > 1%');

    // The same tree under another sha (the squash merge) is the same code: also refused.
    const squash = await evaluateGate(records, policy({ ref: history.squash }), push);
    expect(squash.reason).toMatch(/^quarantine: /);

    const allowed = await evaluateGate(records, policy({ allowRolledBack: true }), push);
    expect(allowed.validated).toBe(true);
    expect(check(allowed, 'quarantine')?.detail).toContain('promoting anyway because allow-rolled-back is true');
  });

  it('treats a production deployment marked failure "shipgate: rolled back" as rolled back, without a rollback record', async () => {
    await passStaging(history.d1);
    const bad = await passStaging(history.merge, { environment: 'production' });
    await records.addStatus(bad.id, { state: 'failure', description: 'shipgate: rolled back by hand: 500s' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.reason).toContain(`quarantine: ${history.merge.slice(0, 7)} was rolled back in production: deployment #${bad.id}`);
    expect(verdict.reason).toContain('shipgate: rolled back by hand: 500s');
  });

  it('does not quarantine code whose rollback failed (nothing was replaced), but does once a rollback succeeded, even after it went inactive', async () => {
    await passStaging(history.d1);
    const rollbackFrom = async (states: ('in_progress' | 'success' | 'failure' | 'inactive')[]) => {
      const rollback = await records.createDeployment({
        sha: history.c0,
        environment: 'production',
        description: 'rollback',
        payload: { kind: 'rollback', version: 'v0', rolled_back_from: history.merge, reason: 'typo' },
        productionEnvironment: true,
        transientEnvironment: false,
      });
      for (const state of states) await records.addStatus(rollback.id, { state, description: state === 'failure' ? 'shipgate: rollback failed: command not found' : '' });
      return rollback;
    };
    await rollbackFrom(['in_progress', 'failure']);
    const afterFailed = await evaluateGate(records, policy(), push);
    expect(check(afterFailed, 'quarantine')?.passed).toBe(true);
    expect(afterFailed.validated).toBe(true);

    await rollbackFrom(['in_progress']);
    expect((await evaluateGate(records, policy(), push)).validated).toBe(true);

    const succeeded = await rollbackFrom(['in_progress', 'success', 'inactive']);
    const refused = await evaluateGate(records, policy(), push);
    expect(refused.reason).toContain(`was rolled back in production: rollback #${succeeded.id}`);
  });

  it('gives a one-line reason, details and evidence when a rollback record written by another tool holds newlines', async () => {
    await passStaging(history.d1);
    const rollback = await records.createDeployment({
      sha: history.c0,
      environment: 'production',
      description: 'rollback',
      payload: { kind: 'rollback', version: 'v0\r\n# HEADING', rolled_back_from: history.merge, reason: 'boom\n::error title=PWN::injected\u2028\u0085::set-output name=validated::true' },
      productionEnvironment: true,
      transientEnvironment: false,
    });
    await records.addStatus(rollback.id, { state: 'success', description: '' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(verdict.reason).toMatch(/^quarantine: .*: boom ::error title=PWN::injected ::set-output name=validated::true; set allow-rolled-back/);
    const texts = verdict.checks.flatMap((c) => [c.detail, ...c.evidence.flatMap((e) => [e.label, e.text])]);
    expect(texts.filter((t) => /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/.test(t))).toEqual([]);
    expect(check(verdict, 'quarantine')?.evidence.map((e) => e.text)).toContain(`deployment #${rollback.id} to ${history.c0} (v0 # HEADING) at ${rollback.createdAt}`);
  });

  it('does not quarantine a sha whose production deployment failed for another reason', async () => {
    await passStaging(history.d1);
    const failed = await passStaging(history.merge, { environment: 'production' });
    await records.addStatus(failed.id, { state: 'failure', description: 'shipgate: health check failed' });
    const verdict = await evaluateGate(records, policy(), push);
    expect(check(verdict, 'quarantine')?.passed).toBe(true);
  });

  it('refuses a pull request from feature/x into main and allows hotfix/y when allowed', async () => {
    await passStaging(history.feature);
    await passStaging(history.hotfix);
    const pr = (headRef: string, headSha: string): GateEvent => ({
      name: 'pull_request',
      pullRequest: { number: 7, headRef, headSha, baseRef: 'main', headRepo: 'acme/app', baseRepo: 'acme/app' },
    });
    const feature = await evaluateGate(records, policy({ ref: history.feature, allowedSources: ['develop', 'hotfix/*'] }), pr('feature/x', history.feature));
    expect(feature.validated).toBe(false);
    expect(feature.reason).toBe("branch-flow: pull request from 'feature/x' into 'main' is not allowed: the head branch matches none of allowed-sources (develop, hotfix/*)");

    const hotfix = await evaluateGate(records, policy({ ref: history.hotfix, allowedSources: ['develop', 'hotfix/*'] }), pr('hotfix/y', history.hotfix));
    expect(hotfix.validated).toBe(true);
    const notAllowed = await evaluateGate(records, policy({ ref: history.hotfix }), pr('hotfix/y', history.hotfix));
    expect(notAllowed.reason).toMatch(/^branch-flow: .*'hotfix\/y'/);
  });

  it('refuses a pull request whose develop branch comes from a fork', async () => {
    await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy({ ref: history.d1 }), {
      name: 'pull_request',
      pullRequest: { headRef: 'develop', headSha: history.d1, baseRef: 'main', headRepo: 'mallory/app', baseRepo: 'acme/app' },
    });
    expect(verdict.reason).toMatch(/^branch-flow: pull request head 'develop' comes from the fork mallory\/app/);
  });

  it('outside a git checkout (tree unknown) counts only the exact sha, and says why', async () => {
    await passStaging(history.d1);
    const elsewhere = new LocalRecords(records.location, mkdtempSync(join(tmpdir(), 'shipgate-no-git-')));
    expect((await evaluateGate(elsewhere, policy({ ref: history.d1 }), push)).validated).toBe(true);
    const merge = await evaluateGate(elsewhere, policy(), push);
    expect(merge.reason).toContain('its tree is unknown outside a git checkout, so only the exact sha counts');
  });

  it('resolves a branch name to the commit it points at', async () => {
    await passStaging(history.d1);
    const verdict = await evaluateGate(records, policy({ ref: 'squash' }), push);
    expect(verdict.commit.sha).toBe(history.squash);
    expect(verdict.validated).toBe(true);
  });
});

describe('evaluateGate proves the same code from git on the local backend (real git repository)', () => {
  const fileFor = () => join(repo.dir, `.shipgate/records-git-${fileCount++}.json`);
  const pr = (headRef: string, headSha: string): GateEvent => ({
    name: 'pull_request',
    pullRequest: { number: 3, headRef, headSha, baseRef: 'main', headRepo: 'acme/app', baseRepo: 'acme/app' },
  });

  it('validates a merge commit, a squash commit and a fast-forward from a staging deployment with no shipgate payload', async () => {
    const file = fileFor();
    const { ids } = writeLocalRecords(file, [{ sha: history.d1 }]);
    const local = new LocalRecords(file, repo.dir);
    for (const [ref, matchedBy] of [[history.merge, 'parent'], [history.squash, 'tree'], [history.d1, 'sha']] as const) {
      const verdict = await evaluateGate(local, policy({ ref }), push);
      expect(verdict.reason, ref).toMatch(/all 7 checks passed$/);
      expect(verdict.staging).toMatchObject({ deployment: { id: ids[0], sha: history.d1 }, matchedBy, tree: repo.tree(history.d1) });
    }
  });

  it('does not accept a deployment whose payload claims a tree its commit does not have', async () => {
    const file = fileFor();
    const { ids } = writeLocalRecords(file, [{ sha: history.feature, payload: { shipgate: { kind: 'deploy', version: 'x', tree: repo.tree(history.merge) } } }]);
    const verdict = await evaluateGate(new LocalRecords(file, repo.dir), policy(), push);
    expect(verdict.validated).toBe(false);
    expect(verdict.staging).toBeUndefined();
    expect(verdict.reason).toContain(`deployment #${ids[0]} claims tree ${repo.tree(history.merge).slice(0, 7)} in its payload, but git says its commit ${history.feature.slice(0, 7)} has tree ${repo.tree(history.feature).slice(0, 7)}: the payload was ignored`);
  });

  it('allows a hotfix pull request whose head has the tree of a validated develop commit', async () => {
    const file = fileFor();
    writeLocalRecords(file, [{ sha: history.d1 }]);
    const verdict = await evaluateGate(new LocalRecords(file, repo.dir), policy({ ref: history.hotfixSameTree, allowedSources: ['develop', 'hotfix/*'] }), pr('hotfix/rebuilt', history.hotfixSameTree));
    expect(verdict.validated).toBe(true);
    expect(verdict.staging).toMatchObject({ deployment: { sha: history.d1 }, matchedBy: 'tree' });
  });

  it('lets a newer failed deployment of the same tree, without payload, outweigh an older success', async () => {
    const file = fileFor();
    const { ids } = writeLocalRecords(file, [{ sha: history.d1 }, { sha: history.squash, statuses: [{ state: 'failure', description: 'deploy failed' }] }]);
    const verdict = await evaluateGate(new LocalRecords(file, repo.dir), policy(), push);
    expect(verdict.reason).toMatch(new RegExp(`^staging-success: deployment #${ids[1]} in staging never reached success`));
  });

  it('quarantines code rolled back in production under another sha, by the git tree of the rolled-back commit', async () => {
    const file = fileFor();
    const { ids } = writeLocalRecords(file, [
      { sha: history.d1 },
      { sha: history.squash, environment: 'production', statuses: [{ state: 'success' }, { state: 'failure', description: 'shipgate: rolled back: errors' }] },
    ]);
    const verdict = await evaluateGate(new LocalRecords(file, repo.dir), policy(), push);
    expect(verdict.reason).toMatch(new RegExp(`^quarantine: ${history.merge.slice(0, 7)} was rolled back in production: deployment #${ids[1]} of ${history.squash.slice(0, 7)} was marked failure`));
  });
});
