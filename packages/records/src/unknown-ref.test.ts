import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShipgateError } from '@shipgate/core';
import { describe, expect, it } from 'vitest';
import { LocalRecords } from './local-records';
import { refsFromInput, UnknownRefError } from './unknown-ref';

/** A git checkout with one commit, and local records kept in it. */
function checkout(): LocalRecords {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-refs-'));
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: dir });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(dir, 'a.txt'), 'a');
  git('add', 'a.txt');
  git('commit', '-q', '-m', 'one');
  return new LocalRecords(join(dir, 'records.json'), dir);
}

describe('refsFromInput', () => {
  it('reports a ref that names no commit against the input it came from', async () => {
    const records = refsFromInput(checkout(), 'sha');
    const error = await records.resolveCommit('!').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShipgateError);
    expect((error as ShipgateError).input).toBe('sha');
    expect((error as Error).message).toMatch(/^Input 'sha' must name a commit \(a branch, tag or sha\): ref '!' was not found in the git repository/);
    await expect(records.commitHistory('no-such-branch', 5)).rejects.toThrow(/^Input 'sha' must name a commit .*ref 'no-such-branch' was not found/);
    await expect(refsFromInput(checkout(), 'to').resolveCommit('--output=x')).rejects.toThrow(/^Input 'to' must name a commit .*ref '--output=x' cannot start with '-'/);
  });

  it('without it, the records still say which ref was unknown', async () => {
    await expect(checkout().resolveCommit('no-such-branch')).rejects.toBeInstanceOf(UnknownRefError);
    await expect(checkout().resolveCommit('no-such-branch')).rejects.toThrow(/^ref 'no-such-branch' was not found/);
  });

  it('leaves known refs and every other method as they were', async () => {
    const plain = checkout();
    const records = refsFromInput(plain, 'ref');
    const commit = await records.resolveCommit('main');
    expect(commit.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(records.backend).toBe('local');
    expect(records.location).toBe(plain.location);
    const created = await records.createDeployment({ sha: commit.sha, environment: 'staging', description: 't', payload: { kind: 'deploy', version: 'v1' }, productionEnvironment: false, transientEnvironment: false });
    expect((await plain.listDeployments({ environment: 'staging' })).map((d) => d.id)).toEqual([created.id]);
  });
});
