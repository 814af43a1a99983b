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
    expect(report.counts).toEqual({ deployments: 270, succeeded: 180, rolledBack: 30, failed: 30, aborted: 30, unfinished: 1, stopped: 0, rollbacks: 30, notShipgate: 1, transient: 0 });
    expect(report.stops).toEqual({ noData: 0, cancelled: 0, interrupted: 0 });
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
    expect(run.summary).toContain('| Change failure rate | 33.33 % | low |');
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
    expect(run.warnings.join('\n')).toContain(`50 commit(s) were beyond GitHub's 250-commit compare limit (deployment(s) #${big.id}): GitHub lists the newest 250, so the oldest commits`);
    const report = JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8'));
    expect(report.leadTime).toMatchObject({ changes: 250, comparisons: 1, commitsUnread: 50, cutComparisons: [big.id] });
    // GitHub lists the newest 250 ("the last commit in the list is the most recent of the entire
    // comparison"): commits n = 50–299, commit n with lead 47.5 h − n min; the oldest 50 (the
    // longest leads) are dropped. The nearest-rank median is the 125th smallest lead:
    // n = 299 − 124 = 175 → 47.5 − 175/60 = 44.58 h.
    expect(run.outputs['lead-time-median-hours']).toBe('44.58');
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

  describe('GraphQL refusals inside an HTTP 200 answer', () => {
    const noStack = (line: string | undefined) => expect(line).not.toMatch(/at .*\.js:\d+|a bug in shipgate/);

    it('FORBIDDEN (a token without deployments: read) is one error line naming the permission', async () => {
      seedDeliveryHistory(emulator, { blocks: 1 });
      emulator.failNext('POST /graphql', {
        status: 200,
        body: { data: { repository: { deployments: null } }, errors: [{ type: 'FORBIDDEN', path: ['repository', 'deployments'], message: 'Resource not accessible by integration' }] },
      });
      const run = await metrics();
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([expect.stringContaining('(403 Resource not accessible by integration): the job needs `permissions: deployments: read` for its token')]);
      noStack(run.errors[0]);
    });

    it('RATE_LIMITED is the rate-limit failure saying when to re-run', async () => {
      seedDeliveryHistory(emulator, { blocks: 1 });
      emulator.failNext('POST /graphql', {
        status: 200,
        headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 600) },
        body: { data: null, errors: [{ type: 'RATE_LIMITED', message: 'API rate limit exceeded for installation ID 1.' }] },
      });
      const run = await metrics();
      expect(run.exitCode).toBe(1);
      expect(run.errors).toHaveLength(1);
      expect(run.errors[0]).toMatch(/GitHub's rate limit stopped shipgate from trying to list the deployments of production .*re-run the job after \d\d:\d\d UTC/);
      noStack(run.errors[0]);
    });

    it('an answer without the deployment list is an error, never "0 deployments"', async () => {
      seedDeliveryHistory(emulator, { blocks: 1 });
      emulator.failNext('POST /graphql', { status: 200, body: { data: { repository: null } } });
      const run = await metrics();
      expect(run.exitCode).toBe(1);
      expect(run.errors).toEqual([expect.stringContaining('had no deployment list (repository was null)')]);
      expect(run.outputs['deployment-frequency']).toBeUndefined();
      noStack(run.errors[0]);
    });
  });

  it('one failed compare leaves that deployment out with a warning saying why; the run still gives its figures', async () => {
    seedDeliveryHistory(emulator, { blocks: 1 });
    // A rate limit asking for 10 minutes is not waited for: that compare fails at once.
    emulator.failNext('GET /repos/:owner/:repo/compare/:basehead', { status: 429, headers: { 'retry-after': '600' } });
    const run = await metrics({ report: 'dora.json' });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8'));
    expect(report.leadTime.failedComparisons).toHaveLength(1);
    expect(report.leadTime.comparisons).toBe(6);
    // The other 5 good deployments' 2 commits each.
    expect(report.leadTime.changes).toBe(10);
    expect(run.warnings.filter((w) => w.includes('comparison(s)'))).toEqual([
      expect.stringMatching(new RegExp(`^1 comparison\\(s\\) \\(deployment\\(s\\) #${report.leadTime.failedComparisons[0]}\\) failed, their commits are not in the lead time: GitHub's rate limit stopped shipgate from trying to compare`)),
    ]);
  });

  it('max-comparisons bounds the compare calls; the lead time is then partial, with a warning', async () => {
    seedDeliveryHistory(emulator, { blocks: 1 });
    emulator.clearRequests();
    const run = await metrics({ 'max-comparisons': '2', report: 'dora.json' });
    expect(run.exitCode).toBe(0);
    expect(emulator.countRequests('GET /repos/{owner}/{repo}/compare/{basehead}')).toBe(2);
    expect(run.warnings).toContainEqual(expect.stringContaining('the lead time is partial: shipgate stopped comparing (max-comparisons (2) reached), so the 4 newest successful deployment(s) in the window were not compared'));
    const report = JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8'));
    expect(report.leadTime).toMatchObject({ comparisons: 2, changes: 4 });
    expect(report.leadTime.skippedComparisons).toHaveLength(4);
    const refused = await metrics({ 'max-comparisons': 'lots' });
    expect(refused.exitCode).toBe(1);
    expect(refused.errors.join('\n')).toMatch(/max-comparisons.*a whole number from 0 to 100000/);
  });

  it('the base of the first comparison is found on older pages when the last page read has none', async () => {
    const HOUR = 3_600_000;
    const now = Math.floor(Date.now() / 1000) * 1000;
    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
    const base = emulator.addCommit({ tree: 'b', parents: [], date: at(300) });
    const head = emulator.addCommit({ tree: 'h', parents: [base], date: at(12) });
    const payload = (sha: string) => ({ shipgate: { kind: 'deploy', version: sha.slice(0, 7) } });
    emulator.seedDeployment({ sha: base, environment: 'production', createdAt: at(250), payload: payload(base), statuses: [{ state: 'success', createdAt: at(250) }] });
    // 150 failed deploys before the window: the page that reaches past its start holds 99 of them and no good one.
    for (let n = 0; n < 150; n++) emulator.seedDeployment({ sha: base, environment: 'production', createdAt: at(200 - n), payload: payload(base), statuses: [{ state: 'failure', createdAt: at(200 - n) }] });
    emulator.seedDeployment({ sha: head, environment: 'production', createdAt: at(10), payload: payload(head), statuses: [{ state: 'success', createdAt: at(9) }] });
    emulator.clearRequests();
    const run = await metrics({ since: '2d', report: 'dora.json' });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(work, 'dora.json'), 'utf8'));
    expect(report.leadTime).toMatchObject({ comparisons: 1, changes: 1, withoutBase: [] });
    // Committed 12 h ago, deployed 9 h ago.
    expect(run.outputs['lead-time-median-hours']).toBe('3');
    expect(emulator.countRequests('POST /graphql')).toBe(2);
    expect(run.warnings).toEqual([]);
  });

  it('an environment\'s first successful deployment has no base: a warning and a summary note say its commits are left out', async () => {
    const sha = emulator.addCommit({ tree: 'only', parents: [], date: new Date(Date.now() - 5 * 3_600_000) });
    const first = emulator.seedDeployment({ sha, environment: 'production', createdAt: new Date(Date.now() - 1_800_000), payload: { shipgate: { kind: 'deploy', version: 'v1' } }, statuses: [{ state: 'success', createdAt: new Date() }] });
    const run = await metrics({ since: '1h' });
    expect(run.exitCode).toBe(0);
    const note = `1 successful deployment(s) (#${first.id}) had no earlier successful deployment to compare with`;
    expect(run.warnings).toEqual([expect.stringContaining(note)]);
    expect(run.summary).toContain(note);
    expect(run.summary).toContain('(1h), records:');
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
