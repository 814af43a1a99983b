import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalRecords, type DeploymentState } from '@shipgate/records';
import { describe, expect, it } from 'vitest';
import { selectFailedDeployRollback, selectRollback } from './target';

const sha = (digit: string) => digit.repeat(40);

/** Local records outside a git checkout (refs are taken as shas), one deployment per entry, oldest first. */
async function history(entries: { sha: string; states: DeploymentState[]; kind?: 'deploy' | 'canary' | 'rollback'; payload?: Record<string, unknown> }[]) {
  const records = new LocalRecords(join(mkdtempSync(join(tmpdir(), 'shipgate-rollback-')), 'records.json'), tmpdir());
  const ids: number[] = [];
  for (const entry of entries) {
    const created = await records.createDeployment({
      sha: entry.sha,
      environment: 'production',
      description: 'test',
      payload: { kind: entry.kind ?? 'deploy', version: `v${entry.sha[0]}`, ...entry.payload },
      productionEnvironment: true,
      transientEnvironment: false,
    });
    for (const state of entry.states) await records.addStatus(created.id, { state, description: `shipgate: ${state}` });
    ids.push(created.id);
  }
  return { records, ids };
}

const select = (records: LocalRecords, to = 'previous', force = false) => selectRollback(records, { environment: 'production', to, force });

describe('selectRollback', () => {
  it('expect-from: rolls back only when the named deployment is the current one', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['failure'] },
    ]);
    const selection = await selectRollback(records, { environment: 'production', to: 'previous', force: false, expectFrom: ids[1] });
    expect(selection.from.id).toBe(ids[1]);
    expect(selection.target.sha).toBe(sha('1'));
  });

  it('expect-from: a release that never became current (healthy production is newest) is refused, naming both deployments', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['success'] },
    ]);
    const refused = selectRollback(records, { environment: 'production', to: 'previous', force: false, expectFrom: 999 });
    await expect(refused).rejects.toMatchObject({ input: 'expect-from', message: expect.stringContaining(`is deployment #999, but what 'production' runs now is deployment #${ids[1]}`) });
    const after = await records.listDeployments({ environment: 'production', limit: 10 });
    expect(after).toHaveLength(2);
  });

  it('S1 ✓, S2 ✓, S3 ✗ → from S3 to S2', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['success'] },
      { sha: sha('3'), states: ['failure'] },
    ]);
    const selection = await select(records);
    expect(selection.from.id).toBe(ids[2]);
    expect(selection.target).toMatchObject({ sha: sha('2'), version: 'v2', deploymentId: ids[1] });
  });

  it('superseded (inactive) still counts as good; a later failure does not', async () => {
    const { records } = await history([
      { sha: sha('1'), states: ['success', 'inactive'] },
      { sha: sha('2'), states: ['success', 'failure'] },
      { sha: sha('3'), states: ['success'] },
    ]);
    expect((await select(records)).target.sha).toBe(sha('1'));
  });

  it('passes over a failed rollback when finding the current deployment', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['success'] },
      { sha: sha('1'), states: ['failure'], kind: 'rollback', payload: { rolled_back_from: sha('2') } },
    ]);
    const selection = await select(records);
    expect(selection.from.id).toBe(ids[1]);
    expect(selection.target.sha).toBe(sha('1'));
  });

  it('closes canaries still in_progress newer than the target', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['in_progress'], kind: 'canary' },
      { sha: sha('3'), states: ['in_progress'], kind: 'canary' },
    ]);
    const selection = await select(records);
    expect(selection.from.id).toBe(ids[2]);
    expect(selection.openCanaries.map((d) => d.id)).toEqual([ids[1]]);
  });

  it('refuses the current sha as a target, and a deployment of another environment', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['success'] },
    ]);
    await expect(select(records, sha('2'))).rejects.toThrow(`Input 'to' names 2222222, which is what 'production' runs now (deployment #${ids[1]}); there is nothing to roll back to`);
    const staging = await records.createDeployment({ sha: sha('1'), environment: 'staging', description: '', payload: { kind: 'deploy', version: 'v1' }, productionEnvironment: false, transientEnvironment: false });
    await expect(select(records, String(staging.id))).rejects.toThrow(`Input 'to' names deployment #${staging.id}, which is in 'staging', not 'production'`);
  });

  it('refuses a named target rolled back before, unless forced', async () => {
    const { records } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['success', 'failure'] },
      { sha: sha('3'), states: ['success'] },
    ]);
    await expect(select(records, sha('2'))).rejects.toThrow(/^Input 'to' names 2222222, which reached success in 'production' \(deployment #\d+\) but was rolled back or failed afterwards: shipgate: failure; set force: true/);
    expect((await select(records, sha('2'), true)).target.sha).toBe(sha('2'));
  });

  it('counts a sha as rolled back only when the rollback record naming it reached success', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['success'] },
      { sha: sha('1'), states: ['in_progress', 'failure'], kind: 'rollback', payload: { rolled_back_from: sha('2') } },
      { sha: sha('3'), states: ['success'] },
    ]);
    const selection = await select(records);
    expect(selection.target).toMatchObject({ sha: sha('2'), deploymentId: ids[1] });
  });

  it("refuses 'previous' when the current deployment is already a rollback, unless forced", async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('2'), states: ['success'] },
      { sha: sha('3'), states: ['failure'] },
      { sha: sha('2'), states: ['success'], kind: 'rollback', payload: { rolled_back_from: sha('3') } },
    ]);
    await expect(select(records)).rejects.toThrow(`Input 'to' is 'previous', but what 'production' runs now is already a rollback: deployment #${ids[3]} restored 2222222 from 3333333 at `);
    expect((await select(records, 'previous', true)).target.sha).toBe(sha('1'));
  });

  it('reads an all-digit to as a deployment id, never as a short sha', async () => {
    const { records } = await history([{ sha: sha('1'), states: ['success'] }, { sha: sha('2'), states: ['success'] }]);
    await expect(select(records, '1111111')).rejects.toThrow("Input 'to' names deployment #1111111, which is not in this repository's deployment records");
  });

  it('uses the short sha, with a warning, for a recorded version that holds a newline or is too long', async () => {
    for (const version of ['v1\n::error::x', 'v'.repeat(129)]) {
      const { records } = await history([{ sha: sha('1'), states: ['success'], payload: { version } }, { sha: sha('2'), states: ['success'] }]);
      const selection = await select(records);
      expect(selection.target.version).toBe('1111111');
      expect(selection.warnings).toEqual([expect.stringContaining('using the short sha 1111111 as {version} instead')]);
    }
  });
});

describe('selectFailedDeployRollback', () => {
  it('has nothing to restore when the last good deployment is the sha that just failed', async () => {
    const { records, ids } = await history([
      { sha: sha('1'), states: ['success'] },
      { sha: sha('1'), states: ['failure'] },
    ]);
    expect(await selectFailedDeployRollback(records, 'production', ids[1] as number, ids[0] as number)).toEqual({
      nothingToRestore: `the last good deployment #${ids[0]} is the same commit (1111111), so a rollback would redeploy what just failed; nothing was rolled back and #${ids[0]} was not marked`,
    });
  });
});
