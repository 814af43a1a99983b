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

describe('bands read from the figure as shown', () => {
  it('a change failure rate of 0.050004 is shown as 0.05 and banded elite (≤ 5 %), not high', async () => {
    // 1,000 failures of 19,999 deployments = 0.0500025 → shown 0.05.
    const good = Array.from({ length: 18_999 }, (_, n) => record('deploy', 2000 - n * 0.1, [['success', 0.01]]));
    const failures = Array.from({ length: 1_000 }, (_, n) => record('deploy', 90 - n * 0.05, [['failure', 0.01]]));
    const { metrics, outputs } = await measure([...good, ...failures], () => ({ commits: [], totalCommits: 0 }));
    expect(metrics.changeFailureRate.rate).toBeGreaterThan(0.05);
    expect(outputs['change-failure-rate']).toBe('0.05');
    expect(metrics.changeFailureRate.band).toBe('elite');
  });

  it('a lead time of 23.999 h is shown as 24 and banded high, not elite; a recovery of 0.999 h is shown as 1 and banded high', async () => {
    const bad = record('deploy', 50, [['failure', 0.1]]);
    // Recovery: bad created 50 h ago, the fix's success 0.999 h later.
    const fix = record('deploy', 49.5, [['success', 0.499]]);
    const first = record('deploy', 100, [['success', 1]]);
    // Lead: the fix succeeded 49.001 h ago; its commit is 23.999 h older.
    const { metrics, outputs } = await measure([first, bad, fix], () => ({ commits: [{ sha: 'c', committedAt: iso(49.001 + 23.999) }], totalCommits: 1 }));
    expect(outputs['lead-time-median-hours']).toBe('24');
    expect(metrics.leadTime.band).toBe('high');
    expect(outputs['recovery-time-median-hours']).toBe('1');
    expect(metrics.recoveryTime.band).toBe('high');
  });
});

describe('recovery time', () => {
  it('a restore timed before the failure (clock skew) counts as 0 h, not negative', async () => {
    const bad = record('deploy', 10, [['failure', 0.1]]);
    // Created after the failure, but its success is stamped 1 h before the failure was created.
    const fix = record('deploy', 9, [['success', -2]]);
    const { metrics, outputs } = await measure([record('deploy', 100, [['success', 1]]), bad, fix], () => ({ commits: [], totalCommits: 0 }));
    expect(metrics.recoveryTime.medianHours).toBe(0);
    expect(outputs['recovery-time-median-hours']).toBe('0');
  });

  it('a rollback later undone by a rollback of the rollback still ended the recovery when it succeeded', async () => {
    const bad = record('deploy', 50, [['success', 1], ['failure', 3]]);
    // R1 restores 1 h after the bad deploy was created; R2, 10 h later, undoes R1 (marking it rolled back).
    const r1 = record('rollback', 49.5, [['success', 0.5], ['failure', 10]], { payload: { rolled_back_deployment: bad.id } });
    const r2 = record('rollback', 39.5, [['success', 0.5]], { payload: { rolled_back_deployment: r1.id } });
    const { metrics, outputs } = await measure([record('deploy', 60, [['success', 1]]), bad, r1, r2], () => ({ commits: [], totalCommits: 0 }));
    expect(outputs['recovery-time-median-hours']).toBe('1');
    // A rollback is not a change: undoing it counts no change failure.
    expect(metrics.counts).toMatchObject({ deployments: 2, rolledBack: 1, rollbacks: 2 });
  });

  it('a fix that was itself rolled back did not restore service: the recovery ends at the next good one', async () => {
    const bad = record('deploy', 50, [['failure', 0.1]]);
    const badFix = record('deploy', 49, [['success', 0.5], ['failure', 1]]);
    const good = record('deploy', 45, [['success', 1]]);
    const { metrics } = await measure([record('deploy', 60, [['success', 1]]), bad, badFix, good], () => ({ commits: [], totalCommits: 0 }));
    // bad: 50 → 44 = 6 h; badFix: 49 → 44 = 5 h; median (rank 1 of 2) 5 h.
    expect(metrics.recoveryTime).toMatchObject({ medianHours: 5, recoveries: 2 });
  });
});

describe('stops that are not verdicts', () => {
  const ended = (kind: 'deploy' | 'canary', hoursAgo: number, state: 'failure' | 'error', description: string) => {
    const r = record(kind, hoursAgo, [[state, 0.2]]);
    return { ...r, statuses: r.statuses.map((s) => ({ ...s, description })) };
  };

  it('a canary stopped for lack of data and a cancelled deploy are counted apart, out of the change failure rate; an interrupted rollout is a failed deployment', async () => {
    const { metrics, outputs } = await measure([
      record('deploy', 60, [['success', 1]]),
      ended('canary', 50, 'failure', 'shipgate: canary stopped, not enough data; traffic back on stable: 3 requests'),
      ended('deploy', 40, 'error', 'shipgate: cancelled while the deploy command was running'),
      ended('canary', 35, 'error', 'shipgate: canary cancelled at step 2/4; traffic back on stable'),
      ended('canary', 30, 'error', 'shipgate: canary stopped at step 2/4; traffic back on stable: GitHub answered 502'),
      ended('canary', 20, 'failure', 'shipgate: rolled back: error rate 4%'),
    ]);
    expect(metrics.stops).toEqual({ noData: 1, cancelled: 2, interrupted: 1 });
    // Counted: the good deploy, the interrupted canary (aborted) and the judged one (aborted).
    expect(metrics.counts).toMatchObject({ deployments: 3, succeeded: 1, aborted: 2, stopped: 3 });
    expect(outputs['change-failure-rate']).toBe('0.6667');
  });
});
