import { describe, expect, it } from 'vitest';
import type { CommitComparison, RecordedDeployment } from '@shipgate/records';
import { measureDelivery } from './delivery-metrics';
import { deliveryOutputs } from './figures';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-30T12:00:00Z');
const WINDOW = 90 * 24 * HOUR;
const iso = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * HOUR).toISOString();

let nextId = 1;
function record(kind: 'deploy' | 'canary' | 'rollback', hoursAgo: number, states: [RecordedDeployment['statuses'][number]['state'], number][], extra: Partial<RecordedDeployment> & { payload?: Record<string, unknown> } = {}): RecordedDeployment {
  const { payload, ...rest } = extra;
  return {
    id: nextId++,
    sha: `${nextId}`.padStart(40, '0'),
    createdAt: iso(hoursAgo),
    payload: { shipgate: { kind, version: 'v', ...payload } },
    statuses: states.map(([state, after]) => ({ state, createdAt: iso(hoursAgo - after), description: '' })),
    ...rest,
  };
}

/** Fake records: the given history, newest first, and `compare` answering every comparison (calls counted). */
function fakeRecords(history: RecordedDeployment[], compare: (base: string, head: string) => CommitComparison | undefined = () => undefined) {
  const calls = { compare: 0 };
  return {
    calls,
    records: {
      listDeploymentsSince: async () => [...history].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)),
      compareCommits: async (base: string, head: string) => {
        calls.compare++;
        return compare(base, head);
      },
    },
  };
}

const measure = (history: RecordedDeployment[], compare?: (base: string, head: string) => CommitComparison | undefined) => {
  const fake = fakeRecords(history, compare);
  return measureDelivery(fake.records, { environment: 'production', sinceMs: WINDOW, now: NOW }).then((metrics) => ({ metrics, calls: fake.calls, outputs: deliveryOutputs(metrics) }));
};

describe('measureDelivery edge cases', () => {
  it('no deployments in the window: frequency 0 (low), rollback frequency 0, every other figure empty', async () => {
    const { outputs, calls } = await measure([]);
    expect(outputs).toEqual({
      'deployment-frequency': '0',
      'lead-time-median-hours': '',
      'lead-time-p90-hours': '',
      'change-failure-rate': '',
      'recovery-time-median-hours': '',
      'rollback-frequency': '0',
      'deployment-success-rate': '',
      bands: '{"deployment-frequency":"low"}',
    });
    expect(calls.compare).toBe(0);
  });

  it('one successful deployment and nothing before it: counted, but its changes have no base to compare with', async () => {
    const { metrics, outputs, calls } = await measure([record('deploy', 10, [['in_progress', 0], ['success', 1]])]);
    // 1 deploy / 90 days.
    expect(outputs['deployment-frequency']).toBe(String(Number((1 / 90).toFixed(4))));
    expect(outputs['change-failure-rate']).toBe('0');
    expect(outputs['deployment-success-rate']).toBe('1');
    expect(outputs['lead-time-median-hours']).toBe('');
    expect(metrics.leadTime.withoutBase).toHaveLength(1);
    expect(calls.compare).toBe(0);
  });

  it('all failed: failure rate 1, success rate 0, frequency 0; nothing recovered yet, so no recovery time', async () => {
    const { metrics, outputs } = await measure([record('deploy', 30, [['failure', 1]]), record('canary', 20, [['failure', 1]]), record('deploy', 10, [['error', 1]])]);
    expect(outputs['change-failure-rate']).toBe('1');
    expect(outputs['deployment-success-rate']).toBe('0');
    expect(outputs['deployment-frequency']).toBe('0');
    expect(outputs['recovery-time-median-hours']).toBe('');
    expect(metrics.counts).toMatchObject({ failed: 2, aborted: 1, deployments: 3 });
    expect(metrics.recoveryTime.unrecovered).toBe(3);
  });

  it('a rollback is a restore: not a deployment in the rates, but it ends the recovery and counts per week', async () => {
    const bad = record('deploy', 50, [['success', 1], ['failure', 3]]);
    const history = [
      record('deploy', 60, [['success', 1]]),
      bad,
      // Restored 2 h after the bad deploy was created (success 0.5 h after the rollback began).
      record('rollback', 48.5, [['success', 0.5]], { payload: { rolled_back_deployment: bad.id } }),
    ];
    const { metrics, outputs } = await measure(history, () => ({ commits: [], totalCommits: 0 }));
    expect(metrics.counts).toMatchObject({ deployments: 2, succeeded: 1, rolledBack: 1, rollbacks: 1 });
    expect(outputs['change-failure-rate']).toBe('0.5');
    // Reached success: both (the bad one before its rollback).
    expect(outputs['deployment-success-rate']).toBe('1');
    expect(outputs['recovery-time-median-hours']).toBe('2');
    expect(outputs['rollback-frequency']).toBe(String(Number((1 / (90 / 7)).toFixed(4))));
  });

  it('a deployment a successful rollback names counts as rolled back even when its failure mark is missing', async () => {
    const bad = record('deploy', 50, [['success', 1]]);
    const { metrics } = await measure([bad, record('rollback', 49, [['success', 0.2]], { payload: { rolled_back_deployment: bad.id } })]);
    expect(metrics.counts).toMatchObject({ succeeded: 0, rolledBack: 1 });
  });

  it('unfinished, transient and non-shipgate records are counted nowhere', async () => {
    const { metrics } = await measure([
      record('deploy', 30, [['in_progress', 0]]),
      record('deploy', 20, [['success', 1]], { transientEnvironment: true }),
      { ...record('deploy', 10, [['success', 1]]), payload: {} },
    ]);
    expect(metrics.counts).toMatchObject({ deployments: 0, unfinished: 1, transient: 1, notShipgate: 1 });
    expect(metrics.changeFailureRate.rate).toBeUndefined();
  });

  it('a redeploy of the sha already running costs no compare; a compare cut at 250 commits is reported', async () => {
    const first = record('deploy', 100, [['success', 1]]);
    const again = { ...record('canary', 90, [['success', 1]]), sha: first.sha };
    const next = record('deploy', 10, [['success', 1]]);
    const commits = Array.from({ length: 250 }, (_, n) => ({ sha: `c${n}`, committedAt: iso(12) }));
    const { metrics, calls } = await measure([first, again, next], () => ({ commits, totalCommits: 300 }));
    expect(calls.compare).toBe(1);
    // success 1 h after creation 10 h ago = 9 h ago; committed 12 h ago → 3 h.
    expect(metrics.leadTime).toMatchObject({ medianHours: 3, changes: 250, commitsUnread: 50, cutComparisons: [next.id] });
  });

  it('a commit dated after its deployment (clock skew) counts as 0 h, not negative', async () => {
    const { metrics } = await measure([record('deploy', 100, [['success', 1]]), record('deploy', 10, [['success', 1]])], () => ({ commits: [{ sha: 'c', committedAt: iso(1) }], totalCommits: 1 }));
    expect(metrics.leadTime.medianHours).toBe(0);
  });

  it('deployments older than the window are context only: the newest good one is the first base', async () => {
    const old = record('deploy', 24 * 100, [['success', 1]]);
    const inside = record('deploy', 10, [['success', 1]]);
    const seen: string[] = [];
    const { metrics } = await measure([old, inside], (base, head) => (seen.push(`${base}...${head}`), { commits: [], totalCommits: 0 }));
    expect(seen).toEqual([`${old.sha}...${inside.sha}`]);
    expect(metrics.counts.deployments).toBe(1);
  });
});
