import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalRecords } from './local-records';
import type { NewDeployment } from './types';

const scratch = () => mkdtempSync(join(tmpdir(), 'shipgate-records-'));
const deployment = (sha: string, environment = 'staging'): NewDeployment => ({
  sha,
  environment,
  description: 'test',
  payload: { kind: 'deploy', version: sha.slice(0, 7) },
  productionEnvironment: false,
  transientEnvironment: false,
});

describe('LocalRecords', () => {
  it('loses nothing when two writers append at the same time', async () => {
    const file = join(scratch(), 'records.json');
    const a = new LocalRecords(file);
    const b = new LocalRecords(file);
    const writes = Array.from({ length: 25 }, (_, i) => [
      a.createDeployment(deployment(`a${i}`.padEnd(40, '0'))),
      b.createDeployment(deployment(`b${i}`.padEnd(40, '0'))),
    ]).flat();
    const created = await Promise.all(writes);
    expect(new Set(created.map((d) => d.id)).size).toBe(50);
    const listed = await a.listDeployments({ environment: 'staging', limit: 1000 });
    expect(listed).toHaveLength(50);
    expect(listed.map((d) => d.id)).toEqual([...listed.map((d) => d.id)].sort((x, y) => y - x));
    // The file on disk is whole, valid JSON after the storm.
    expect(JSON.parse(readFileSync(file, 'utf8')).deployments).toHaveLength(50);
  });

  it('takes over a lock left behind by a writer that died', async () => {
    const dir = scratch();
    const file = join(dir, 'records.json');
    execFileSync('mkdir', [`${file}.lock`]);
    execFileSync('touch', ['-d', '20 seconds ago', `${file}.lock`]);
    const records = new LocalRecords(file);
    await expect(records.createDeployment(deployment('c'.repeat(40)))).resolves.toMatchObject({ id: 1 });
  });

  it('refuses a file that is not a records file, naming it', async () => {
    const file = join(scratch(), 'records.json');
    writeFileSync(file, JSON.stringify({ hello: 'world' }));
    await expect(new LocalRecords(file).listDeployments({ environment: 'staging' })).rejects.toThrow(file);
  });

  it('refuses a corrupt or unreadable records file with one line naming it and what to do', async () => {
    const dir = scratch();
    const file = join(dir, 'records.json');
    writeFileSync(file, '{"version":1,"nextId":3,"deployments":[{"id":1,');
    await expect(new LocalRecords(file).listDeployments({ environment: 'staging' })).rejects.toThrow(
      expect.objectContaining({ name: 'ShipgateError', message: expect.stringMatching(/^the records file .*records\.json is not valid JSON \(.*\); move it aside/) }),
    );
    await expect(new LocalRecords(dir).listDeployments({ environment: 'staging' })).rejects.toThrow(`cannot read the records file ${dir} (EISDIR)`);
  });

  it('never lets git take a ref as an option', async () => {
    const dir = scratch();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const target = join(dir, 'written');
    // An UnknownRefError: the action names its input (refsFromInput), the CLI refuses --ref=-… before.
    await expect(new LocalRecords(join(dir, 'records.json'), dir).resolveCommit(`--output=${target}`)).rejects.toThrow(
      expect.objectContaining({ name: 'UnknownRefError', ref: `--output=${target}` }),
    );
    expect(existsSync(target)).toBe(false);
  });

  it('resolves refs with git in a checkout', async () => {
    const dir = scratch();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'develop');
    git('-c', 'user.name=t', '-c', 'user.email=t@e', 'commit', '-q', '--allow-empty', '-m', 'one');
    const records = new LocalRecords(join(dir, 'records.json'), dir);
    const commit = await records.resolveCommit('develop');
    expect(commit.sha).toBe(git('rev-parse', 'HEAD'));
    expect(commit.tree).toBe(git('rev-parse', 'HEAD^{tree}'));
    await expect(records.resolveCommit('no-such-branch')).rejects.toThrow("ref 'no-such-branch' was not found");
  });

  it('retires only older successful deployments when one succeeds (auto_inactive)', async () => {
    const records = new LocalRecords(join(scratch(), 'records.json'));
    const a = await records.createDeployment(deployment('a'.repeat(40)));
    const b = await records.createDeployment(deployment('b'.repeat(40)));
    await records.addStatus(b.id, { state: 'success', description: 'ok' });
    await records.addStatus(a.id, { state: 'success', description: 'late' });
    expect((await records.listStatuses(b.id)).map((s) => s.state)).toEqual(['success']);
  });
});
