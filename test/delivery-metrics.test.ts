import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator';
import { seedDeliveryHistory } from './delivery-metrics-history';
import { mermaidBlocks, parseMermaid } from './helpers/mermaid';
import { runAction, scratchDir } from './helpers/run-action';

let emulator: Emulator;
let work: string;

beforeEach(async () => {
  emulator = await startEmulator();
  work = scratchDir();
});
afterEach(async () => {
  await emulator.close();
});

const metrics = (inputs: Record<string, string> = {}) => runAction('delivery-metrics', { apiUrl: emulator.url, cwd: work, inputs, timeoutMs: 60_000 });

describe('delivery-metrics on a 90-day history of 300 deployments', () => {
  it('gives exactly the hand-computed DORA figures, reading only the window', async () => {
    // 30 blocks of 10 (see delivery-metrics-history.ts), 7.2 h apart: 300 deployments in 90 days,
    // plus 200 older good deployments that must not be read.
    seedDeliveryHistory(emulator, { blocks: 30, older: 200 });
    emulator.clearRequests();
    const run = await metrics({ report: 'dora.json' });
    expect(run.errors).toEqual([]);
    expect(run.exitCode).toBe(0);

    // Per block: 9 change deployments (pos 0–7, 9) and 1 rollback (pos 8).
    // 30 blocks: 270 change deployments; 180 good (pos 0–5); 90 failures = 30 failed (pos 6) +
    // 30 rolled back (pos 7) + 30 aborted canaries (pos 9); 30 rollbacks.
    // Deployment frequency: 180 good / 90 days = 2 per day (elite: at least 1 per day).
    expect(run.outputs['deployment-frequency']).toBe('2');
    // Change failure rate: 90 / 270 = 0.3333 (low: above 20 %).
    expect(run.outputs['change-failure-rate']).toBe('0.3333');
    // Success rate: deployments that reached success (180 good + 30 later rolled back) / 270 = 0.7778.
    expect(run.outputs['deployment-success-rate']).toBe('0.7778');
    // Rollback frequency: 30 rollbacks / (90 / 7 weeks) = 2.3333 per week.
    expect(run.outputs['rollback-frequency']).toBe('2.3333');

    // Lead time (success 30 min after creation; commits 3 h and 1 h before creation):
    // - every good deployment's own 2 commits: 1.5 h and 3.5 h → 180 × 1.5 and 180 × 3.5;
    // - pos 0 of blocks 1–29 also delivers the 6 commits of the previous block's pos 9, 7 and 6
    //   (aborted, rolled back, failed), created 1, 3 and 4 spacings (7.2 h each) before it:
    //   7.2 + 1.5 = 8.7 and 7.2 + 3.5 = 10.7 (pos 9), 21.6 + 1.5 = 23.1 and 25.1 (pos 7),
    //   28.8 + 1.5 = 30.3 and 32.3 (pos 6) → 29 of each; the last block's are never delivered.
    // 534 samples sorted: 1.5 (ranks 1–180), 3.5 (181–360), 8.7 (361–389), 10.7 (390–418),
    // 23.1 (419–447), 25.1 (448–476), 30.3 (477–505), 32.3 (506–534).
    // Median = rank ceil(0.5 × 534) = 267 → 3.5 h (elite: under a day);
    // p90 = rank ceil(0.9 × 534) = 481 → 30.3 h.
    expect(run.outputs['lead-time-median-hours']).toBe('3.5');
    expect(run.outputs['lead-time-p90-hours']).toBe('30.3');

    // Recovery, from each failure's creation to the next good deployment's success:
    // pos 6 → pos 8's rollback succeeds 2 × 7.2 h + 12 min later = 14.6 h (30 of them);
    // pos 7 → 7.2 h + 12 min = 7.4 h (30); pos 9 → next block's pos 0, 7.2 h + 30 min = 7.7 h
    // (29; the last block's abort is unrecovered). 89 samples: 7.4 (1–30), 7.7 (31–59), 14.6
    // (60–89); median = rank ceil(0.5 × 89) = 45 → 7.7 h (high: under a day).
    expect(run.outputs['recovery-time-median-hours']).toBe('7.7');
    expect(JSON.parse(run.outputs['bands'] ?? '')).toEqual({ 'deployment-frequency': 'elite', 'lead-time': 'elite', 'change-failure-rate': 'low', 'recovery-time': 'high' });

    const report = JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8'));
    expect(run.outputs['report']).toBe(join(work, 'dora.json'));
    expect(report.counts).toEqual({ deployments: 270, succeeded: 180, rolledBack: 30, failed: 30, aborted: 30, unfinished: 1, rollbacks: 30, notShipgate: 1, transient: 0 });
    expect(report.recoveryTime).toMatchObject({ recoveries: 89, unrecovered: 1 });
    expect(report.leadTime).toMatchObject({ changes: 534, comparisons: 180, commitsUnread: 0, withoutBase: [] });

    // Calls: 302 deployments in the window + the first page past its start → 4 GraphQL pages of
    // 100; one compare per good deployment (180). The 200 older deployments cost nothing.
    expect(emulator.countRequests('POST /graphql')).toBe(4);
    expect(emulator.countRequests('GET /repos/{owner}/{repo}/compare/{basehead}')).toBe(180);
    expect(emulator.requests.length).toBe(184);
  }, 120_000);

  it('summarises the figures in a table with their bands and weekly charts mermaid can parse', async () => {
    seedDeliveryHistory(emulator, { blocks: 30 });
    const run = await metrics();
    expect(run.exitCode).toBe(0);
    expect(run.summary).toContain('| Deployment frequency | 2 / day (14 / week) | elite |');
    expect(run.summary).toContain('| Change failure rate | 33.3 % | low |');
    const charts = mermaidBlocks(run.summary);
    expect(charts).toHaveLength(2);
    for (const chart of charts) expect(await parseMermaid(chart)).toBe('xychart');
    // 13 weekly bars (90 days: 12 full weeks and 6 days), 180 deploys in all.
    const bars = /bar \[([^\]]*)\]/.exec(charts[0] ?? '')?.[1]?.split(', ').map(Number) ?? [];
    expect(bars).toHaveLength(13);
    expect(bars.reduce((a, b) => a + b, 0)).toBe(180);
  }, 120_000);

  it('an environment without deployments gives zero frequency and empty figures, not an error', async () => {
    const run = await metrics({ environment: 'staging' });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({
      'deployment-frequency': '0',
      'lead-time-median-hours': '',
      'change-failure-rate': '',
      'recovery-time-median-hours': '',
      'rollback-frequency': '0',
      'deployment-success-rate': '',
      bands: '{"deployment-frequency":"low"}',
      report: '',
    });
  });

  it('a deployment carrying more than 250 commits: the 250 GitHub lists are measured, the rest reported with a warning', async () => {
    const HOUR = 3_600_000;
    const now = Math.floor(Date.now() / 1000) * 1000;
    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
    const base = emulator.addCommit({ tree: 'b', parents: [], date: at(100) });
    let head = base;
    // 300 commits, one a minute, the oldest 48 h before the deployment's success.
    for (let n = 0; n < 300; n++) head = emulator.addCommit({ tree: `t${n}`, parents: [head], date: new Date(at(48).getTime() + n * 60_000) });
    const deploy = (sha: string, hoursAgo: number) =>
      emulator.seedDeployment({ sha, environment: 'production', createdAt: at(hoursAgo), payload: { shipgate: { kind: 'deploy', version: sha.slice(0, 7) } }, statuses: [{ state: 'success', createdAt: at(hoursAgo) }] });
    deploy(base, 72);
    const big = deploy(head, 0.5);
    const run = await metrics({ report: 'dora.json' });
    expect(run.exitCode).toBe(0);
    expect(run.warnings.join('\n')).toContain(`50 commit(s) were beyond GitHub's 250-commit compare limit (deployment(s) #${big.id})`);
    const report = JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8'));
    expect(report.leadTime).toMatchObject({ changes: 250, comparisons: 1, commitsUnread: 50, cutComparisons: [big.id] });
    // GitHub lists the oldest 250 (chronological), commit n (0–249) with lead 47.5 h − n min. The
    // nearest-rank median is the 125th smallest lead: n = 249 − 124 = 125 → 47.5 − 125/60 = 45.42 h.
    expect(run.outputs['lead-time-median-hours']).toBe('45.42');
  });

  it('a token GitHub refuses is one error line naming the permission, no stack', async () => {
    seedDeliveryHistory(emulator, { blocks: 1 });
    emulator.failNext('POST /graphql', { status: 403, body: { message: 'Resource not accessible by integration' } });
    const run = await metrics();
    expect(run.exitCode).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/deployments: read/);
    expect(run.errors[0]).not.toMatch(/at .*\.js:\d+/);
  });

  it('dry-run reads nothing', async () => {
    seedDeliveryHistory(emulator, { blocks: 1 });
    emulator.clearRequests();
    const run = await metrics({ 'dry-run': 'true' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('[dry-run] would read the deployments of production');
    expect(emulator.requests.length).toBe(0);
  });

  it('refuses a since that is not a window, and a report outside the workspace, naming the input', async () => {
    const bad = await metrics({ since: 'forever' });
    expect(bad.exitCode).toBe(1);
    expect(bad.errors.join('\n')).toMatch(/since.*must be a window from 1h to/);
    const outside = await metrics({ report: '../../etc/dora.json' });
    expect(outside.exitCode).toBe(1);
    expect(outside.errors.join('\n')).toMatch(/report/);
    expect(emulator.requests.length).toBe(0);
  });
});
