import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient, explainGitHubFailure, type GitHubCallLimits } from './github-client';
import { OutsideFailure } from './errors';

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | undefined;
let seen: string[] = [];

/** A stand-in for api.github.com answering each request with the next of `answers` (the last repeats). */
async function github(...answers: Answer[]): Promise<string> {
  seen = [];
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)] as Answer;
    answer(req, res);
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((done) => running.close(done));
});

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const hang: Answer = () => {};
const FAST: Partial<GitHubCallLimits> = { backoffMs: [10, 20, 40], attemptTimeoutMs: 300, maxRetryAfterMs: 1_000 };

function client(baseUrl: string, extra: { signal?: AbortSignal; limits?: Partial<GitHubCallLimits> } = {}) {
  const warnings: string[] = [];
  const octokit = createGitHubClient({ token: 't', baseUrl, warn: (m) => warnings.push(m), limits: { ...FAST, ...extra.limits }, signal: extra.signal });
  return { octokit, warnings };
}

async function failure(call: Promise<unknown>, what = 'list the deployments of staging'): Promise<string> {
  const started = Date.now();
  const error = await call.then(() => undefined, (e: unknown) => e);
  const explained = explainGitHubFailure(error, { what, permission: 'deployments: read', apiUrl: 'API' }, Date.now() - started);
  expect(explained).toBeInstanceOf(OutsideFailure);
  return explained?.message ?? '';
}

describe('GitHub client under faults', () => {
  it('reports a 4xx no caller handled (422, 404, 410) as GitHub refusing the call, in one line, not as a bug', async () => {
    for (const status of [422, 404, 410]) {
      const { octokit } = client(await github(json(status, { message: 'Validation Failed' })));
      const message = await failure(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' }), 'add a status to deployment 7');
      expect(message).toMatch(new RegExp(`^GitHub refused to add a status to deployment 7: it answered ${status} \\(Validation Failed\\); nothing after this call was done`));
      const running = server;
      running?.closeAllConnections();
      await new Promise((done) => running?.close(done));
      server = undefined;
    }
  });

  it('retries a persistent 502 four times in all, then says so in one line', async () => {
    const { octokit, warnings } = client(await github(json(502, { message: 'Server Error: Bad Gateway' })));
    const message = await failure(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' }));
    expect(seen).toHaveLength(4);
    expect(warnings).toHaveLength(3);
    expect(message).toMatch(/^GitHub failed to list the deployments of staging: it answered 502 \(Server Error: Bad Gateway\), 4 attempts over \d+\.\ds; .*re-run the job later$/);
  });

  it('does not repeat a request marked retryUnanswered: false (a create whose answer may be lost)', async () => {
    const { octokit } = client(await github(json(502, { message: 'Bad Gateway' }), json(201, { id: 1 })));
    await expect(octokit.request('POST /repos/{owner}/{repo}/deployments', { owner: 'o', repo: 'r', ref: 'main', request: { retryUnanswered: false } })).rejects.toMatchObject({ status: 502 });
    expect(seen).toHaveLength(1);
  });

  it('waits out a short retry-after, and gives up at once on one longer than the cap', async () => {
    const limited = json(429, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '0' });
    const short = client(await github(limited, json(200, [])));
    await expect(short.octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' })).resolves.toMatchObject({ status: 200 });
    expect(seen).toHaveLength(2);
    const first = server;
    first?.closeAllConnections();
    await new Promise((done) => first?.close(done));

    const long = client(await github(json(403, { message: 'You have exceeded a secondary rate limit.' }, { 'retry-after': '600' })));
    const started = Date.now();
    const message = await failure(long.octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' }));
    expect(Date.now() - started).toBeLessThan(500);
    expect(seen).toHaveLength(1);
    expect(message).toContain('GitHub asks to wait 600s, 1 attempt over');
  });

  it('times out an attempt that gets no answer, and retries it', async () => {
    const { octokit, warnings } = client(await github(hang, json(200, [])));
    await expect(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' })).resolves.toMatchObject({ status: 200 });
    expect(warnings[0]).toMatch(/^GitHub gave no answer within 0.3s on GET \/repos\/o\/r\/deployments; retrying/);
  });

  it('times out an answer whose body never ends, instead of reading it as empty', async () => {
    const stalls: Answer = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id": 1,');
    };
    const { octokit, warnings } = client(await github(stalls, json(200, [{ id: 2 }])));
    await expect(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' })).resolves.toMatchObject({ data: [{ id: 2 }] });
    expect(warnings[0]).toMatch(/^GitHub gave no answer within 0.3s on GET/);
  });

  it('a cancel aborts the call in flight at once and retries nothing; a call made after it still runs', async () => {
    const controller = new AbortController();
    const { octokit } = client(await github(hang, json(200, [])), { signal: controller.signal, limits: { attemptTimeoutMs: 5_000 } });
    setTimeout(() => controller.abort(new Error('cancelled (SIGINT)')), 100);
    const started = Date.now();
    const error = await octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' }).then(() => undefined, (e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(explainGitHubFailure(error, { what: 'list the deployments', permission: 'deployments: read' }, 100)?.message).toMatch(/^cancelled while trying to list the deployments/);
    expect(seen).toHaveLength(1);
    await expect(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' })).resolves.toMatchObject({ status: 200 });
  });

  it('GitHub unreachable names the address and the network error', async () => {
    const url = await github(json(200, []));
    const closing = server;
    server = undefined;
    closing?.closeAllConnections();
    await new Promise((done) => closing?.close(done));
    const { octokit } = client(url);
    const message = await failure(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' }));
    expect(message).toMatch(/^could not reach GitHub at API to list the deployments of staging \(ECONNREFUSED\), 4 attempts over/);
  });

  it('a refused token is not retried and names the permission', async () => {
    const { octokit } = client(await github(json(403, { message: 'Resource not accessible by integration' })));
    const message = await failure(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' }));
    expect(seen).toHaveLength(1);
    expect(message).toBe('GitHub refused to list the deployments of staging (403 Resource not accessible by integration): the job needs `permissions: deployments: read` for its token');
  });

  it('an exhausted primary rate limit (remaining 0, reset in 30 min) is not waited for and says when to re-run', async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 1800);
    const { octokit } = client(await github(json(403, { message: 'API rate limit exceeded for installation.' }, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset })));
    const message = await failure(octokit.rest.repos.listDeployments({ owner: 'o', repo: 'r' }));
    expect(seen).toHaveLength(1);
    expect(message).toMatch(/^GitHub's rate limit stopped shipgate from trying to list the deployments of staging \(403; GitHub asks to wait 18\d\ds, 1 attempt over \d\.\ds\); re-run the job after \d\d:\d\d UTC$/);
  });
});
