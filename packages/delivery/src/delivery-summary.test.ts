import { describe, expect, it } from 'vitest';
import type { ClassifiedDeployment } from './classify';
import { summariseDelivery } from './delivery-metrics';
import { deliverySummary } from './delivery-summary';
import type { LeadTimes } from './lead-time';

const HOUR = 3_600_000;
const END = Date.parse('2026-11-30T12:00:00Z');
const noLead: LeadTimes = { samples: [], comparisons: 0, commitsUnread: 0, cutComparisons: [], withoutBase: [], unknownCommits: [], failedComparisons: [], skippedComparisons: [] };
const deploy = (id: number, atMs: number, outcome: ClassifiedDeployment['outcome']): ClassifiedDeployment => ({ id, sha: `s${id}`, kind: 'deploy', createdAtMs: atMs, outcome, ...(outcome === 'succeeded' ? { successAtMs: atMs + 1 } : {}) });
const summary = (windowMs: number, deployments: ClassifiedDeployment[], lead: LeadTimes = noLead) =>
  deliverySummary(summariseDelivery('production', { startMs: END - windowMs, endMs: END }, deployments, lead, { notShipgate: 0, transient: 0 }), 'github');

describe('the delivery summary', () => {
  it('a window under a day is named in hours, not "0 days"', () => {
    const text = summary(HOUR, [deploy(1, END - HOUR / 2, 'succeeded')]);
    expect(text).toContain('(1h), records: github');
    expect(text).not.toContain('0 days');
  });

  it('names the JSON report when one is written, and escapes Markdown in the environment name', () => {
    const metrics = summariseDelivery('[click](https://evil.test) _i_', { startMs: END - HOUR, endMs: END }, [deploy(1, END - HOUR / 2, 'succeeded')], noLead, { notShipgate: 0, transient: 0 });
    const text = deliverySummary(metrics, 'github', 'out/dora.json');
    expect(text).toContain('Report (JSON, every figure): out/dora.json — the `report` output');
    expect(text).toMatch(/^### shipgate delivery metrics: \\\[click\\\]\\\(https:\/\/evil\.test\\\) \\_i\\_$/m);
    expect(summary(HOUR, [deploy(1, END - HOUR / 2, 'succeeded')])).not.toContain('Report (JSON');
  });

  it('a week without deployments is left out of the failure-rate chart (not plotted as 0 %) and named', () => {
    const week = 7 * 24 * HOUR;
    // Three weeks: deployments in the first (one failed of two) and the third; none in the second.
    const text = summary(3 * week, [deploy(1, END - 3 * week + HOUR, 'succeeded'), deploy(2, END - 3 * week + 2 * HOUR, 'failed'), deploy(3, END - HOUR, 'succeeded')]);
    const failureChart = text.split('```mermaid')[2] ?? '';
    expect(failureChart).toContain('x-axis "week starting" ["11-09", "11-23"]');
    expect(failureChart).toContain('line [50, 0]');
    expect(text).toContain('Weeks with no deployments, left out of the failure-rate chart: 2026-11-16.');
    // The deploys chart keeps every week: 0 deploys is a value there.
    expect(text).toContain('bar [1, 0, 1]');
  });

  it('says which lead-time commits are missing and why', () => {
    const text = summary(24 * HOUR, [deploy(1, END - HOUR, 'succeeded')], { ...noLead, withoutBase: [1], failedComparisons: [7], failureReason: 'GitHub answered 502', skippedComparisons: [8, 9], stopReason: 'max-comparisons (1) reached', commitsUnread: 5, cutComparisons: [4] });
    expect(text).toContain('1 successful deployment(s) (#1) had no earlier successful deployment to compare with');
    expect(text).toContain('1 comparison(s) (deployment(s) #7) failed, their commits are not in the lead time: GitHub answered 502');
    expect(text).toContain('the lead time is partial: shipgate stopped comparing (max-comparisons (1) reached), so the 2 newest successful deployment(s)');
    expect(text).toContain('GitHub lists the newest 250, so the oldest commits');
  });
});
