import { readRunContext } from '@shipgate/core';
import { describe, expect, it } from 'vitest';
import { mermaidBlocks, parseMermaid } from '../../../test/helpers/mermaid';
import { headerRows, links, text } from '../../../test/helpers/summary-html';
import { MAX_CHART_POINTS, canaryChart } from './canary-chart';
import { canarySummary } from './canary-summary';
import type { CanaryOutcome, PollPoint } from './rollout-types';

const polls: PollPoint[] = Array.from({ length: 150 }, (_, i) => ({
  atMs: i * 10_000,
  step: 1 + Math.floor(i / 50),
  weight: [10, 25, 50][Math.floor(i / 50)] as number,
  ...(i % 7 === 3 ? {} : { canaryErrorRate: (i % 5) / 400, baselineErrorRate: 0.002 }),
  verdict: i % 7 === 3 ? 'no-data' : 'continue',
}));

const outcome: CanaryOutcome = {
  decision: 'aborted',
  reason: 'aborted at step 3/4 (50%), traffic back on stable: canary error rate is at least 1.6x baseline <script>',
  deploymentId: 7,
  sha: 'f'.repeat(40),
  version: 'fffffff',
  environment: 'production',
  baselineSha: 'e'.repeat(40),
  step: 3,
  stepCount: 4,
  weight: 0,
  deploymentState: 'failure',
  trafficSafe: true,
  startedAt: '2026-11-30T10:00:00.000Z',
  endedAt: '2026-11-30T10:25:00.000Z',
  steps: [10, 25, 50].map((weight, i) => ({
    step: i + 1,
    weight,
    startedAt: '2026-11-30T10:00:00.000Z',
    analysed: true,
    canary: { requests: 1000 * (i + 1), errors: 5 * (i + 1), slow: 3, worstP99Ms: 180 },
    baseline: { requests: 9000, errors: 18, slow: 30, worstP99Ms: 170 },
    polls: 50,
    noDataPolls: 7,
    verdict: i < 2 ? 'advanced' : 'aborted',
    reason: i < 2 ? 'no harm found' : 'canary error rate is at least 1.6x baseline <script>',
  })),
  polls,
};

const onGitHub = readRunContext({ GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/app', GITHUB_ACTIONS: 'true' });
const githubRecords = { backend: 'github', location: 'https://github.example/acme/app/deployments' } as const;
const localRecords = { backend: 'local', location: '.shipgate/records.json' } as const;
const reportPath = '/runner/_temp/shipgate-canary-7.json';

describe('canary job summary', () => {
  it('opens its table with a header row that names every column', () => {
    expect(headerRows(canarySummary(outcome, githubRecords, reportPath, onGitHub))).toEqual([
      ['step', 'weight', 'canary requests', 'baseline requests', 'error rate canary / baseline', 'p99 canary / baseline (worst poll)', 'polls', 'verdict', 'reason'],
    ]);
  });

  it("on GitHub, links the deployment to the environment's page and both commits to theirs; locally, plain text", () => {
    expect(links(canarySummary(outcome, githubRecords, reportPath, onGitHub))).toEqual([
      { text: 'Deployment #7', href: 'https://github.example/acme/app/deployments/production' },
      { text: 'fffffff', href: `https://github.example/acme/app/commit/${'f'.repeat(40)}` },
      { text: 'eeeeeee', href: `https://github.example/acme/app/commit/${'e'.repeat(40)}` },
    ]);
    const local = canarySummary(outcome, localRecords, reportPath, onGitHub);
    expect(links(local)).toEqual([]);
    expect(text(local)).toContain('Deployment #7 in .shipgate/records.json of fffffff; baseline eeeeeee');
  });

  it('says where the JSON report is and that the report output names it', () => {
    expect(text(canarySummary(outcome, githubRecords, reportPath, onGitHub))).toContain(`Report (JSON, every step's and poll's figures): ${reportPath} — the \`report\` output`);
  });

  it('has a row per step with weight, requests, error rates, p99, verdict and reason, escaped', () => {
    const summary = canarySummary(outcome, githubRecords, reportPath, onGitHub);
    const rows = summary.match(/<tr><td>/g) ?? [];
    expect(rows).toHaveLength(3);
    expect(summary).toContain('<tr><td>3/4</td><td>50%</td><td>3000</td><td>9000</td><td>0.5% / 0.2%</td><td>180ms / 170ms</td><td>50 (7 without data)</td><td>aborted</td><td>canary error rate is at least 1.6x baseline &lt;script&gt;</td></tr>');
    expect(summary).not.toContain('<script>');
  });

  it('charts weight and both error rates over time, which mermaid’s own parser accepts', async () => {
    const [chart] = mermaidBlocks(canarySummary(outcome, localRecords, reportPath, onGitHub));
    expect(chart).toBeDefined();
    expect(await parseMermaid(chart as string)).toBe('xychart');
    const lines = (chart as string).split('\n').filter((line) => line.trim().startsWith('line ['));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.split(',')).toHaveLength(MAX_CHART_POINTS);
    // The weight line ends at the weight in force when the canary ended: 0 after this abort.
    expect(lines[0]).toMatch(/, 50, 0\]$/);
  });

  it('leaves polls without data out of the chart instead of drawing them as 0 % error, and never repeats an x label', () => {
    const points: PollPoint[] = [
      { atMs: 200, step: 1, weight: 10, canaryErrorRate: 0.05, baselineErrorRate: 0.01, verdict: 'continue' },
      { atMs: 700, step: 1, weight: 10, verdict: 'no-data' },
      { atMs: 900, step: 1, weight: 10, canaryErrorRate: 0.05, baselineErrorRate: 0.01, verdict: 'continue' },
      { atMs: 1400, step: 2, weight: 50, canaryErrorRate: 0.3, baselineErrorRate: 0.01, verdict: 'abort' },
    ];
    const chart = canaryChart(points, { atMs: 1600, weight: 0 }) as string;
    const [weights, canaryRates] = chart.split('\n').filter((line) => line.trim().startsWith('line [')).map((line) => line.trim());
    expect(canaryRates).toBe('line [5, 5, 30, 30]');
    expect(weights).toBe('line [10, 10, 50, 0]');
    const labels = /x-axis "[^"]*" \[(.*)\]/.exec(chart)?.[1]?.split(', ') ?? [];
    expect(labels).toEqual(['"0.2"', '"0.9"', '"1.4"', '"1.6"']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('mermaid rejects a broken chart, so the check above can fail', async () => {
    const chart = canaryChart(polls.slice(0, 3)) as string;
    await expect(parseMermaid(chart.replace(/line \[([^\]]*)\]/, 'line [$1'))).rejects.toThrow(/Parse error/);
  });
});
