import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index';
import type { Emulator } from './index';

const TestOctokit = Octokit.plugin(restEndpointMethods, paginateRest, retry, throttling);
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const owner = 'acme';
const repo = 'app';
const ROOT = '1'.repeat(40);
const MAIN = '2'.repeat(40);
const FEATURE = '3'.repeat(40);

let emulator: Emulator;
let github: InstanceType<typeof TestOctokit>;

beforeEach(async () => {
  emulator = await startEmulator();
  emulator.addCommit({ sha: ROOT, tree: 'a'.repeat(40), parents: [], message: 'root' });
  emulator.addCommit({ sha: MAIN, tree: 'b'.repeat(40), parents: [ROOT], message: 'main tip' });
  emulator.addCommit({ sha: FEATURE, tree: 'c'.repeat(40), parents: [ROOT], message: 'feature' });
  emulator.setRef('main', MAIN);
  emulator.setRef('feature', FEATURE);
  emulator.setRef('refs/tags/v1.0.0', ROOT);
  github = new TestOctokit({
    auth: 'test-token',
    baseUrl: emulator.url,
    log: silent,
    retry: { retryAfterBaseValue: 1 },
    throttle: { onRateLimit: () => true, onSecondaryRateLimit: (_after: number, _options: unknown, _octokit: unknown, count: number) => count < 2 },
  });
});
afterEach(async () => {
  await emulator.close();
});

/** A request without Octokit, for status codes and headers Octokit would hide or throw on. */
async function raw(method: string, route: string, body?: unknown, authorization: string | null = 'token t') {
  const response = await fetch(`${emulator.url}${route}`, {
    method,
    headers: { ...(authorization === null ? {} : { authorization }), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

const createDeployment = (body: Record<string, unknown>) => raw('POST', `/repos/${owner}/${repo}/deployments`, body);

describe('auth and routing', () => {
  it('refuses requests without a token, accepts token and Bearer, and 404s unknown routes', async () => {
    expect(await raw('GET', `/repos/${owner}/${repo}/deployments`, undefined, null)).toMatchObject({
      status: 401,
      json: { message: 'Bad credentials' },
    });
    expect((await raw('GET', `/repos/${owner}/${repo}/deployments`, undefined, 'Basic abc')).status).toBe(401);
    expect((await raw('GET', `/repos/${owner}/${repo}/deployments`, undefined, 'Bearer abc')).status).toBe(200);
    expect(await raw('GET', `/repos/${owner}/${repo}/nothing-here`)).toMatchObject({ status: 404, json: { message: 'Not Found' } });
    expect(await raw('DELETE', `/repos/${owner}/${repo}/deployments/1`)).toMatchObject({ status: 404 });
    const { data } = await github.rest.repos.get({ owner, repo });
    expect(data.default_branch).toBe('main');
  });
});

describe('creating deployments', () => {
  it('applies GitHub\'s defaults and resolves the ref to a sha', async () => {
    const { status, data } = await github.rest.repos.createDeployment({ owner, repo, ref: 'main' });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      sha: MAIN,
      ref: 'main',
      task: 'deploy',
      environment: 'production',
      original_environment: 'production',
      production_environment: true,
      transient_environment: false,
      payload: {},
      description: '',
    });
    expect(data).toHaveProperty('created_at', expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/));

    const staging = await createDeployment({ ref: 'v1.0.0', environment: 'staging', payload: '{"shipgate":{"kind":"deploy"}}' });
    expect(staging.json).toMatchObject({ sha: ROOT, environment: 'staging', production_environment: false, payload: { shipgate: { kind: 'deploy' } } });
    expect((await createDeployment({ ref: FEATURE })).json).toMatchObject({ sha: FEATURE, ref: FEATURE });
    expect((await createDeployment({ ref: 'refs/heads/feature' })).json).toMatchObject({ sha: FEATURE });
  });

  it('answers 422 for an unknown ref or a missing one, and creates nothing', async () => {
    expect(await createDeployment({ ref: 'no-such-branch' })).toMatchObject({ status: 422, json: { message: 'No ref found for: no-such-branch' } });
    expect(await createDeployment({ ref: 'f'.repeat(40) })).toMatchObject({ status: 422 });
    expect(await createDeployment({ environment: 'staging' })).toMatchObject({ status: 422, json: { message: expect.stringContaining('"ref" wasn\'t supplied') } });
    expect(await createDeployment({ ref: 'main', auto_merge: 'yes' })).toMatchObject({ status: 422 });
    expect(emulator.deployments).toEqual([]);
  });

  it('answers 409 when a context is not success and required_contexts was omitted', async () => {
    emulator.seedCommitStatus({ sha: MAIN, context: 'ci', state: 'success' });
    emulator.seedCommitStatus({ sha: MAIN, context: 'lint', state: 'pending' });
    const refused = await createDeployment({ ref: 'main' });
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({
      message: 'Conflict: Commit status checks failed for main.',
      errors: [{ contexts: [{ context: 'lint', state: 'pending' }], field: 'required_contexts' }],
    });
    expect((await createDeployment({ ref: 'main', required_contexts: [] })).status).toBe(201);
    expect((await createDeployment({ ref: 'main', required_contexts: ['ci'] })).status).toBe(201);
    expect((await createDeployment({ ref: 'main', required_contexts: ['security'] })).status).toBe(409);
    emulator.seedCommitStatus({ sha: MAIN, context: 'lint', state: 'success' });
    expect((await createDeployment({ ref: 'main' })).status).toBe(201);
  });

  it('auto-merges a branch behind the default branch: 202, no deployment, a merge commit on the branch', async () => {
    emulator.markBehindDefaultBranch('feature');
    expect((await createDeployment({ ref: 'feature', auto_merge: false })).status).toBe(201);
    const merged = await createDeployment({ ref: 'feature', environment: 'staging' });
    expect(merged).toMatchObject({ status: 202, json: { message: 'Auto-merged main into feature on deployment.' } });
    expect(emulator.deployments).toHaveLength(1);

    const { data: tip } = await github.rest.repos.getCommit({ owner, repo, ref: 'feature' });
    expect(tip.parents.map((parent) => parent.sha)).toEqual([FEATURE, MAIN]);
    expect((await createDeployment({ ref: 'feature' })).status).toBe(201); // up to date now
  });

  it('forceNextDeploymentAccepted answers 202 once, even with auto_merge false', async () => {
    emulator.forceNextDeploymentAccepted();
    const { status, data } = await github.rest.repos.createDeployment({ owner, repo, ref: 'main', auto_merge: false, required_contexts: [] });
    expect(status).toBe(202);
    expect(data).toEqual({ message: 'Auto-merged main into main on deployment.' });
    expect(emulator.deployments).toEqual([]);
    expect((await github.rest.repos.createDeployment({ owner, repo, ref: 'main' })).status).toBe(201);
  });
});

describe('listing deployments', () => {
  it('pages 1,000 seeded deployments newest first, following the Link header', async () => {
    const start = Date.parse('2025-01-01T00:00:00Z');
    // Seed out of order: the listing sorts by created_at, not insertion.
    for (let index = 999; index >= 0; index -= 1) {
      emulator.seedDeployment({ sha: MAIN, environment: 'staging', createdAt: new Date(start + index * 60_000), payload: { index } });
    }
    emulator.clearRequests();
    const all = await github.paginate(github.rest.repos.listDeployments, { owner, repo, environment: 'staging', per_page: 100 });
    expect(all).toHaveLength(1000);
    expect(all.map((deployment) => (deployment.payload as { index: number }).index)).toEqual(
      Array.from({ length: 1000 }, (_, position) => 999 - position),
    );
    expect(emulator.countRequests('GET /repos/{owner}/{repo}/deployments')).toBe(10);
    expect(emulator.requests[1]?.query).toEqual({ environment: 'staging', per_page: '100', page: '2' });
  });

  it('builds prev/next/last/first links that keep the filters, and none for a single page', async () => {
    for (let index = 0; index < 75; index += 1) emulator.seedDeployment({ sha: MAIN, environment: 'staging' });
    const first = await raw('GET', `/repos/${owner}/${repo}/deployments?environment=staging`);
    expect(first.json).toHaveLength(30);
    const link = (rel: string, page: number) => `<${emulator.url}/repos/${owner}/${repo}/deployments?environment=staging&per_page=30&page=${page}>; rel="${rel}"`;
    expect(first.headers.get('link')).toBe([link('next', 2), link('last', 3)].join(', '));
    const second = await raw('GET', `/repos/${owner}/${repo}/deployments?environment=staging&page=2`);
    expect(second.headers.get('link')).toBe([link('prev', 1), link('next', 3), link('last', 3), link('first', 1)].join(', '));
    const last = await raw('GET', `/repos/${owner}/${repo}/deployments?environment=staging&page=3`);
    expect(last.json).toHaveLength(15);
    expect(last.headers.get('link')).not.toContain('rel="next"');
    const capped = await raw('GET', `/repos/${owner}/${repo}/deployments?per_page=500`);
    expect(capped.json).toHaveLength(75);
    expect(capped.headers.get('link')).toBeNull();
  });

  it('filters by sha, ref, task and environment, within the repository only', async () => {
    emulator.seedDeployment({ sha: MAIN, ref: 'main', environment: 'staging' });
    emulator.seedDeployment({ sha: FEATURE, ref: 'feature', environment: 'staging', task: 'deploy:migrations' });
    emulator.seedDeployment({ sha: MAIN, ref: MAIN, environment: 'production' });
    emulator.seedDeployment({ sha: MAIN, ref: 'main', environment: 'staging', repository: 'other/repo' });
    const list = async (query: Record<string, string>) =>
      (await github.rest.repos.listDeployments({ owner, repo, ...query })).data.map((deployment) => `${deployment.ref}@${deployment.environment}`);
    expect(await list({})).toEqual([`${MAIN}@production`, 'feature@staging', 'main@staging']);
    expect(await list({ sha: MAIN })).toEqual([`${MAIN}@production`, 'main@staging']);
    expect(await list({ ref: 'main' })).toEqual(['main@staging']);
    expect(await list({ task: 'deploy:migrations' })).toEqual(['feature@staging']);
    expect(await list({ environment: 'production' })).toEqual([`${MAIN}@production`]);
    expect(await list({ environment: 'staging', sha: FEATURE })).toEqual(['feature@staging']);
    await expect(github.rest.repos.getDeployment({ owner, repo: 'elsewhere', deployment_id: emulator.deployments[0]!.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe('deployment statuses', () => {
  const success = (id: number, extra: Record<string, unknown> = {}) =>
    raw('POST', `/repos/${owner}/${repo}/deployments/${id}/statuses`, { state: 'success', ...extra });
  const states = (id: number) => emulator.statusesOf(id).map((status) => status.state);

  it('auto_inactive marks earlier successful non-production, non-transient deployments of the environment inactive', async () => {
    const at = (minute: number) => new Date(Date.UTC(2025, 0, 1, 0, minute));
    const seed = (environment: string, state: 'success' | 'failure', extra: object = {}) =>
      emulator.seedDeployment({ sha: MAIN, environment, createdAt: at(1), statuses: [{ state, createdAt: at(2) }], ...extra }).id;
    const earlier = seed('staging', 'success');
    const failed = seed('staging', 'failure');
    const transient = seed('staging', 'success', { transientEnvironment: true });
    const markedProduction = seed('staging', 'success', { productionEnvironment: true });
    const otherEnvironment = seed('qa', 'success');
    const current = (await createDeployment({ ref: 'main', environment: 'staging' })).json.id as number;
    const later = emulator.seedDeployment({ sha: MAIN, environment: 'staging', createdAt: new Date(Date.now() + 3_600_000), statuses: [{ state: 'success' }] }).id;

    await success(current, { state: 'in_progress' });
    expect(states(earlier)).toEqual(['success']); // only a success deactivates
    expect((await success(current)).status).toBe(201);

    expect(states(earlier)).toEqual(['inactive', 'success']);
    expect(states(failed)).toEqual(['failure']);
    expect(states(transient)).toEqual(['success']);
    expect(states(markedProduction)).toEqual(['success']);
    expect(states(otherEnvironment)).toEqual(['success']);
    expect(states(later)).toEqual(['success']); // newer than the one that succeeded
    expect(states(current)).toEqual(['success', 'in_progress']);
  });

  it('auto_inactive: false leaves earlier deployments alone', async () => {
    const earlier = emulator.seedDeployment({ sha: MAIN, environment: 'staging', createdAt: '2025-01-01T00:00:00Z', statuses: [{ state: 'success' }] }).id;
    const current = (await createDeployment({ ref: 'main', environment: 'staging' })).json.id as number;
    await success(current, { auto_inactive: false });
    expect(states(earlier)).toEqual(['success']);
  });

  it('lists statuses newest first, keeps target_url equal to log_url, and can move the environment', async () => {
    const id = (await createDeployment({ ref: 'main', environment: 'staging' })).json.id as number;
    await raw('POST', `/repos/${owner}/${repo}/deployments/${id}/statuses`, { state: 'queued' });
    await raw('POST', `/repos/${owner}/${repo}/deployments/${id}/statuses`, { state: 'in_progress', log_url: 'https://ci.example.test/run/1' });
    const moved = await success(id, { environment: 'staging-eu', environment_url: 'https://eu.example.test' });
    expect(moved.json).toMatchObject({ environment: 'staging-eu', target_url: '', environment_url: 'https://eu.example.test' });
    const { data } = await github.rest.repos.listDeploymentStatuses({ owner, repo, deployment_id: id });
    expect(data.map((status) => status.state)).toEqual(['success', 'in_progress', 'queued']);
    expect(data[1]).toMatchObject({ log_url: 'https://ci.example.test/run/1', target_url: 'https://ci.example.test/run/1' });
    expect((await github.rest.repos.getDeployment({ owner, repo, deployment_id: id })).data.environment).toBe('staging-eu');
    const one = await github.rest.repos.getDeploymentStatus({ owner, repo, deployment_id: id, status_id: Number(data[1]!.id) });
    expect(one.data.state).toBe('in_progress');
  });

  it('rejects a description over 140 characters and an unknown state', async () => {
    const id = (await createDeployment({ ref: 'main' })).json.id as number;
    expect((await success(id, { description: 'x'.repeat(140) })).status).toBe(201);
    const tooLong = await success(id, { description: 'x'.repeat(141) });
    expect(tooLong).toMatchObject({ status: 422, json: { message: 'Validation Failed', errors: [{ field: 'description' }] } });
    expect((await success(id, { state: 'done' })).status).toBe(422);
    expect((await raw('POST', `/repos/${owner}/${repo}/deployments/999999/statuses`, { state: 'success' })).status).toBe(404);
    expect(states(id)).toEqual(['success']);
  });
});

describe('commit statuses', () => {
  const post = (sha: string, body: Record<string, unknown>) => raw('POST', `/repos/${owner}/${repo}/statuses/${sha}`, body);
  const combined = async (ref: string) => (await github.rest.repos.getCombinedStatusForRef({ owner, repo, ref })).data;

  it('computes the combined state the way GitHub does', async () => {
    expect(await combined('main')).toMatchObject({ state: 'pending', total_count: 0, statuses: [], sha: MAIN });
    await post(MAIN, { state: 'success', context: 'ci' });
    expect((await combined('main')).state).toBe('success');
    await post(MAIN, { state: 'pending', context: 'lint' });
    expect((await combined('main')).state).toBe('pending');
    await post(MAIN, { state: 'error', context: 'e2e' });
    expect((await combined('main')).state).toBe('failure');
    await post(MAIN, { state: 'success', context: 'e2e' });
    await post(MAIN, { state: 'success', context: 'lint' });
    const now = await combined(MAIN);
    expect(now.state).toBe('success');
    expect(now.total_count).toBe(3);
    expect(now.statuses.map((status) => `${status.context}:${status.state}`).sort()).toEqual(['ci:success', 'e2e:success', 'lint:success']);
  });

  it('lists every status newest first, defaults the context, and refuses unknown shas', async () => {
    emulator.seedCommitStatus({ sha: MAIN, state: 'failure', context: 'ci', createdAt: '2025-01-01T00:00:00Z' });
    const created = await post(MAIN, { state: 'success', description: 'ok', target_url: 'https://ci.example.test/2' });
    expect(created).toMatchObject({ status: 201, json: { context: 'default', state: 'success', description: 'ok' } });
    const { data } = await github.rest.repos.listCommitStatusesForRef({ owner, repo, ref: 'main' });
    expect(data.map((status) => `${status.context}:${status.state}`)).toEqual(['default:success', 'ci:failure']);
    expect(emulator.commitStatusesOf(MAIN).map((status) => status.context)).toEqual(['default', 'ci']);
    expect((await post('9'.repeat(40), { state: 'success' })).status).toBe(422);
    expect((await post(MAIN, { state: 'green' })).status).toBe(422);
  });
});

describe('git data from a real repository', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'emulator-git-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads commits, trees, parents, messages, dates, branches and tags made with the git CLI', async () => {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '--quiet', '--initial-branch=main');
    git('config', 'user.name', 'Emulator Test');
    git('config', 'user.email', 'emulator@example.test');
    git('config', 'commit.gpgsign', 'false');
    const commit = (file: string, message: string, date: string) => {
      writeFileSync(path.join(dir, file), `${file} ${message}\n`);
      git('add', file);
      execFileSync('git', ['commit', '--quiet', '-m', message], { cwd: dir, env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
    };
    commit('a.txt', 'first', '2025-03-01T10:00:00+02:00');
    git('checkout', '--quiet', '-b', 'develop');
    commit('b.txt', 'feature work\n\nwith a body', '2025-03-02T10:00:00Z');
    git('checkout', '--quiet', 'main');
    git('merge', '--quiet', '--no-ff', '-m', 'Merge develop', 'develop');
    git('tag', '-a', 'v1.0.0', '-m', 'release');

    await expect(emulator.loadGitRepo(dir)).resolves.toMatchObject({ commits: 3, defaultBranch: 'main' });

    const mergeSha = git('rev-parse', 'main');
    const { data: merge } = await github.rest.git.getCommit({ owner, repo, commit_sha: mergeSha });
    expect(merge.tree.sha).toBe(git('rev-parse', 'main^{tree}'));
    expect(merge.parents.map((parent) => parent.sha)).toEqual([git('rev-parse', 'main^1'), git('rev-parse', 'develop')]);
    expect(merge.message).toBe('Merge develop');
    expect(merge.author).toMatchObject({ name: 'Emulator Test', email: 'emulator@example.test' });

    const { data: develop } = await github.rest.repos.getCommit({ owner, repo, ref: 'develop' });
    expect(develop.sha).toBe(git('rev-parse', 'develop'));
    expect(develop.commit.message).toBe('feature work\n\nwith a body');
    expect(develop.commit.committer?.date).toBe('2025-03-02T10:00:00Z');
    expect(develop.commit.tree.sha).toBe(git('rev-parse', 'develop^{tree}'));
    // The develop tree equals the merge tree: what staging-gate-check's `match: tree` relies on.
    expect(develop.commit.tree.sha).toBe(merge.tree.sha);

    const { data: first } = await github.rest.repos.getCommit({ owner, repo, ref: git('rev-parse', 'main^1') });
    expect(first.commit.author?.date).toBe('2025-03-01T08:00:00Z'); // +02:00 normalised to UTC
    expect(first.parents).toEqual([]);

    const { data: tagged } = await github.rest.repos.getCommit({ owner, repo, ref: 'v1.0.0' }); // annotated tag, peeled
    expect(tagged.sha).toBe(mergeSha);
    const { data: deployment } = await github.rest.repos.createDeployment({ owner, repo, ref: git('rev-parse', '--short', 'develop') });
    expect('sha' in deployment && deployment.sha).toBe(develop.sha);
  });
});

describe('pull requests', () => {
  it('serves seeded pull requests and 404s unknown ones', async () => {
    emulator.addPull({ number: 12, headRef: 'develop', headSha: FEATURE, baseRef: 'main' });
    const { data } = await github.rest.pulls.get({ owner, repo, pull_number: 12 });
    expect(data).toMatchObject({ number: 12, state: 'open', head: { ref: 'develop', sha: FEATURE }, base: { ref: 'main', sha: MAIN } });
    await expect(github.rest.pulls.get({ owner, repo, pull_number: 13 })).rejects.toMatchObject({ status: 404 });
  });
});

describe('injected failures and the request log', () => {
  it('a 5xx is retried by Octokit\'s retry plugin', async () => {
    emulator.failNext('POST /repos/:owner/:repo/deployments', { status: 502 });
    const { status } = await github.rest.repos.createDeployment({ owner, repo, ref: 'main' });
    expect(status).toBe(201);
    expect(emulator.requests.map((request) => `${request.status}${request.injected ? ' injected' : ''}`)).toEqual(['502 injected', '201']);
    expect(emulator.deployments).toHaveLength(1);
  });

  // A 403 secondary limit is only retried by the throttling plugin, which honours retry-after;
  // a 429 is also picked up by the retry plugin, which does not wait as long.
  it.each([
    [403, 900],
    [429, 0],
  ])('a secondary rate limit (%i with retry-after) is ridden out by Octokit', async (status, minimumWaitMs) => {
    emulator.failNext('GET /repos/{owner}/{repo}/deployments', { status, headers: { 'Retry-After': '1' } });
    const started = Date.now();
    const { data } = await github.rest.repos.listDeployments({ owner, repo });
    expect(data).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(minimumWaitMs);
    expect(emulator.requests.map((request) => request.status)).toEqual([status, 200]);
  });

  it('counts matching requests, and failures stop after count', async () => {
    emulator.failNext(/^GET \/repos\/acme\/app\/commits\//, { status: 500, count: 2, body: { message: 'boom' } });
    expect(await raw('GET', `/repos/${owner}/${repo}/commits/main`)).toMatchObject({ status: 500, json: { message: 'boom' } });
    expect((await raw('GET', `/repos/${owner}/${repo}/commits/main/status`)).status).toBe(500);
    expect((await raw('GET', `/repos/${owner}/${repo}/commits/main`)).status).toBe(200);
    await raw('GET', `/repos/${owner}/${repo}/deployments?environment=staging`);
    expect(emulator.countRequests()).toBe(4);
    expect(emulator.countRequests('GET /repos/{owner}/{repo}/commits/{ref}')).toBe(2);
    expect(emulator.countRequests('/repos/{owner}/{repo}/deployments')).toBe(1);
    expect(emulator.countRequests((request) => request.status === 500)).toBe(2);
    expect(emulator.requests[3]).toMatchObject({ method: 'GET', path: '/repos/acme/app/deployments', query: { environment: 'staging' } });
  });

  it('write-then-answer does the write and answers the injected status; write-then-reset drops the connection after it', async () => {
    emulator.failNext('POST /repos/{owner}/{repo}/deployments', { status: 502, mode: 'write-then-answer' });
    expect((await createDeployment({ ref: 'main', auto_merge: false, required_contexts: [] })).status).toBe(502);
    expect(emulator.deployments).toHaveLength(1);

    emulator.failNext('POST /repos/{owner}/{repo}/deployments', { mode: 'write-then-reset' });
    await expect(createDeployment({ ref: 'main', auto_merge: false, required_contexts: [] })).rejects.toThrow('fetch failed');
    expect(emulator.deployments).toHaveLength(2);

    emulator.failNext('POST /repos/{owner}/{repo}/deployments', { mode: 'reset' });
    await expect(createDeployment({ ref: 'main', auto_merge: false, required_contexts: [] })).rejects.toThrow('fetch failed');
    expect(emulator.deployments).toHaveLength(2);
  });

  it('hang never answers (write-then-hang writes first)', async () => {
    emulator.failNext('POST /repos/{owner}/{repo}/deployments', { mode: 'write-then-hang' });
    const answer = fetch(`${emulator.url}/repos/${owner}/${repo}/deployments`, {
      method: 'POST',
      headers: { authorization: 'token t', 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'main', auto_merge: false, required_contexts: [] }),
      signal: AbortSignal.timeout(300),
    });
    await expect(answer).rejects.toThrow(/timeout|aborted/i);
    expect(emulator.deployments).toHaveLength(1);
  });
});
