import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '@shipgate/core/github-client';
import { findLastGoodDeployment, LocalRecords, type DeploymentRecords, type NewDeployment } from '@shipgate/records';
import { GitHubRecords } from '../packages/records/src/github-records';
import { startEmulator, type Emulator } from './emulator';
import { scratchDir } from './helpers/run-action';

/** A real git repo both backends resolve refs in: the emulator loads it, the file backend runs git. */
function makeRepo(): { dir: string; shas: string[]; trees: string[] } {
  const dir = scratchDir('shipgate-records-repo-');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q', '-b', 'develop');
  const shas: string[] = [];
  const trees: string[] = [];
  for (const n of [1, 2, 3]) {
    execFileSync('sh', ['-c', `echo ${n} > version`], { cwd: dir });
    git('add', 'version');
    git('commit', '-q', '-m', `v${n}`);
    shas.push(git('rev-parse', 'HEAD'));
    trees.push(git('rev-parse', 'HEAD^{tree}'));
  }
  return { dir, shas, trees };
}

const repo = makeRepo();
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator();
  await emulator.loadGitRepo(repo.dir);
});
afterAll(() => emulator.close());

const backends: [string, () => DeploymentRecords][] = [
  [
    'github',
    () => {
      const octokit = createGitHubClient({ token: 'test', baseUrl: emulator.url, warn: () => {} });
      // A fresh repository name per test keeps the backends' histories apart.
      return new GitHubRecords(octokit, 'acme', `app-${Math.random().toString(36).slice(2)}`, 'https://github.com');
    },
  ],
  ['local', () => new LocalRecords(join(scratchDir(), 'records.json'), repo.dir)],
];

const newDeployment = (sha: string, environment = 'staging', extra: Partial<NewDeployment> = {}): NewDeployment => ({
  sha,
  environment,
  description: 'test',
  payload: { kind: 'deploy', version: sha.slice(0, 7) },
  productionEnvironment: false,
  transientEnvironment: false,
  ...extra,
});

describe.each(backends)('DeploymentRecords behaviour: %s backend', (_name, open) => {
  it('resolves refs to sha, tree and parents', async () => {
    const records = open();
    const commit = await records.resolveCommit('develop');
    expect(commit).toEqual({ sha: repo.shas[2], tree: repo.trees[2], parents: [repo.shas[1]] });
    await expect(records.resolveCommit('nope-not-a-ref')).rejects.toThrow("ref 'nope-not-a-ref' was not found");
    // '..' in /commits/{ref} is the repository itself on GitHub: it was read as a commit (a TypeError; fuzz, seed 7).
    for (const ref of ['..', '.']) await expect(records.resolveCommit(ref)).rejects.toThrow(`ref '${ref}' `);
    await expect(records.commitHistory('..', 5)).rejects.toThrow("ref '..' ");
  });

  it('creates deployments with statuses, listed newest first and filtered by environment and sha', async () => {
    const records = open();
    const a = await records.createDeployment(newDeployment(repo.shas[0] as string));
    const b = await records.createDeployment(newDeployment(repo.shas[1] as string));
    await records.createDeployment(newDeployment(repo.shas[1] as string, 'production', { productionEnvironment: true }));
    expect(a).toMatchObject({ sha: repo.shas[0], environment: 'staging', payload: { shipgate: { kind: 'deploy' } } });
    expect((await records.listDeployments({ environment: 'staging' })).map((d) => d.id)).toEqual([b.id, a.id]);
    expect((await records.listDeployments({ environment: 'staging', sha: repo.shas[0] })).map((d) => d.id)).toEqual([a.id]);
    expect(await records.getDeployment(a.id)).toMatchObject({ id: a.id, sha: repo.shas[0] });

    await records.addStatus(a.id, { state: 'in_progress', description: 'going' });
    await records.addStatus(a.id, { state: 'success', description: 'x'.repeat(200), environmentUrl: 'https://s.example.test' });
    const statuses = await records.listStatuses(a.id);
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress']);
    expect(statuses[0]?.description).toHaveLength(140);
    expect(statuses[0]?.environmentUrl).toBe('https://s.example.test');
  });

  it("marks older successful non-production deployments inactive, as GitHub's auto_inactive does", async () => {
    const records = open();
    const first = await records.createDeployment(newDeployment(repo.shas[0] as string));
    await records.addStatus(first.id, { state: 'success', description: 'ok' });
    const second = await records.createDeployment(newDeployment(repo.shas[1] as string));
    await records.addStatus(second.id, { state: 'success', description: 'ok' });
    expect((await records.listStatuses(first.id)).map((s) => s.state)).toEqual(['inactive', 'success']);
    // Superseded is still "was good"; a later failure is not.
    const third = await records.createDeployment(newDeployment(repo.shas[2] as string));
    await records.addStatus(third.id, { state: 'failure', description: 'broke' });
    expect((await findLastGoodDeployment(records, 'staging'))?.deployment.id).toBe(second.id);
    await records.addStatus(second.id, { state: 'failure', description: 'shipgate: rolled back' });
    expect((await findLastGoodDeployment(records, 'staging'))?.deployment.id).toBe(first.id);
  });

  it('keeps commit statuses per sha, newest first', async () => {
    const records = open();
    const sha = repo.shas[1] as string;
    const context = `shipgate/smoke-test (staging-${Math.random()})`;
    await records.setCommitStatus(sha, { context, state: 'failure', description: 'health failed' });
    await records.setCommitStatus(sha, { context, state: 'success', description: 'all passed' });
    const mine = (await records.listCommitStatuses(sha)).filter((s) => s.context === context);
    expect(mine.map((s) => s.state)).toEqual(['success', 'failure']);
  });

  it("reads a ref's recent history with trees and parents, newest first, and refuses an unknown ref", async () => {
    const records = open();
    expect(await records.commitHistory('develop', 2)).toEqual([
      { sha: repo.shas[2], tree: repo.trees[2], parents: [repo.shas[1]] },
      { sha: repo.shas[1], tree: repo.trees[1], parents: [repo.shas[0]] },
    ]);
    expect((await records.commitHistory(repo.shas[1] as string, 20)).map((c) => c.sha)).toEqual([repo.shas[1], repo.shas[0]]);
    await expect(records.commitHistory('nope-not-a-ref', 5)).rejects.toThrow("ref 'nope-not-a-ref' was not found");
  });

  it('reads the trees of several commits from git at once; a sha git does not have is left out', async () => {
    const records = open();
    const unknown = 'f'.repeat(40);
    const trees = await records.treesOf([repo.shas[0] as string, repo.shas[2] as string, unknown, 'not-a-sha']);
    expect(Object.fromEntries(trees)).toEqual({ [repo.shas[0] as string]: repo.trees[0], [repo.shas[2] as string]: repo.trees[2] });
    expect((await records.treesOf([])).size).toBe(0);
  });

  it("lists an environment's newest deployments with their commits' git trees (not the payload's) and latest status", async () => {
    const records = open();
    const lying = await records.createDeployment(newDeployment(repo.shas[0] as string, 'production', { productionEnvironment: true, payload: { kind: 'deploy', version: 'v1', tree: repo.trees[2] } }));
    await records.addStatus(lying.id, { state: 'success', description: 'ok', logUrl: 'https://ci.example.test/1' });
    await records.addStatus(lying.id, { state: 'failure', description: 'shipgate: rolled back: errors' });
    const newer = await records.createDeployment(newDeployment(repo.shas[1] as string, 'production', { productionEnvironment: true }));
    await records.createDeployment(newDeployment(repo.shas[2] as string, 'staging'));

    const listed = await records.listDeploymentsWithTrees('production', 100);

    expect(listed.map((d) => [d.id, d.sha, d.tree])).toEqual([
      [newer.id, repo.shas[1], repo.trees[1]],
      [lying.id, repo.shas[0], repo.trees[0]],
    ]);
    expect(listed[0]?.latestStatus).toBeUndefined();
    expect(listed[1]?.latestStatus).toMatchObject({ state: 'failure', description: 'shipgate: rolled back: errors' });
    expect(listed[1]?.payload.shipgate?.tree).toBe(repo.trees[2]);
    expect(await records.listDeploymentsWithTrees('production', 1)).toHaveLength(1);
  });
});
