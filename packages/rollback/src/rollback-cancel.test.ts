import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ShipgateError } from '@shipgate/core';
import { LocalRecords } from '@shipgate/records';
import type { TrafficRouter } from '@shipgate/traffic';
import { executeRollback, type RollbackHooks } from './rollback';
import type { RollbackSelection } from './target';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Records holding one deployment of the bad sha, and the selection that rolls it back to `good`. */
async function recordsWithBadDeployment(): Promise<{ records: LocalRecords; selection: RollbackSelection }> {
  const dir = mkdtempSync(join(tmpdir(), 'shipgate-rollback-cancel-'));
  dirs.push(dir);
  const records = new LocalRecords(join(dir, 'records.json'), dir);
  const from = await records.createDeployment({ sha: 'b'.repeat(40), environment: 'production', description: 'shipgate: canary', payload: { kind: 'canary', version: 'v2' }, productionEnvironment: true, transientEnvironment: false });
  await records.addStatus(from.id, { state: 'success', description: 'shipgate: deployed v2' });
  return { records, selection: { environment: 'production', from, target: { sha: 'a'.repeat(40), version: 'v1' }, openCanaries: [], why: 'the last good one', warnings: [] } };
}

/** A router whose set-weight is interrupted by the job's cancel: the signal aborts, then it throws as a killed command does. */
function routerCancelledMidMove(controller: AbortController, atWeight: number): TrafficRouter {
  return {
    name: 'command',
    async setWeight(weight: number) {
      if (weight !== atWeight) return;
      controller.abort();
      throw new ShipgateError('set-weight command was stopped by SIGTERM; the canary weight in force is unknown', 'set-weight');
    },
    async getWeight() {
      return undefined;
    },
  };
}

describe('executeRollback cancelled while moving traffic', () => {
  it('records the rollback deployment error (a cancel), not failure', async () => {
    const { records, selection } = await recordsWithBadDeployment();
    const controller = new AbortController();
    let deploymentId = 0;
    const hooks: RollbackHooks = { info: () => {}, onDeploymentCreated: (id) => (deploymentId = id), signal: controller.signal };
    const plan = { router: routerCancelledMidMove(controller, 0), steps: [50, 0], healthTimeoutMs: 1_000, commandTimeoutMs: 1_000, reason: 'error rate' };

    const result = await executeRollback(selection, plan, records, hooks, Date.now());

    expect(result.status).toBe('error');
    expect(result.reason).toBe('cancelled during the command router setting the canary weight to 0%; the canary weight last set was 50%');
    const [latest] = await records.listStatuses(deploymentId);
    expect(latest?.state).toBe('error');
    expect(latest?.description).toContain('cancelled during the command router setting the canary weight to 0%');
    // Nothing was restored, so the bad deployment is not quarantined.
    expect(result.quarantined).toEqual([]);
    expect((await records.listStatuses(selection.from.id))[0]?.state).toBe('success');
  });
});
