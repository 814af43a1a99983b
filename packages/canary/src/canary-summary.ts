import { commitCell, deploymentCell, escapeHtml, escapeMarkdownInline, formatDuration, formatPercentage, htmlTable, readRunContext, summaryLinks, type Cell, type RecordsPlace, type RunContext } from '@shipgate/core';
import { canaryChart } from './canary-chart';
import type { ArmTotals, CanaryOutcome } from './rollout-types';

const errorRate = (arm: ArmTotals) => (arm.requests > 0 ? formatPercentage(arm.errors / arm.requests) : '–');
const p99 = (arm: ArmTotals) => (arm.worstP99Ms === undefined ? '–' : formatDuration(arm.worstP99Ms));

const headline: Record<CanaryOutcome['decision'], string> = {
  promoted: '✅ promoted',
  aborted: '❌ stopped',
  'in-progress': '⏳ in progress',
};

/**
 * The job summary: the decision, a row per step, the chart of weight and error rates over time,
 * and where the JSON report is. On GitHub the commits and the deployment link to their pages.
 */
export function canarySummary(outcome: CanaryOutcome, records: RecordsPlace, reportPath: string, context: RunContext = readRunContext()): string {
  const links = summaryLinks(records, context);
  const rows: Cell[][] = outcome.steps.map((step) => [
    `${step.step}/${outcome.stepCount}`,
    `${step.weight}%`,
    String(step.canary.requests),
    String(step.baseline.requests),
    `${errorRate(step.canary)} / ${errorRate(step.baseline)}`,
    `${p99(step.canary)} / ${p99(step.baseline)}`,
    step.analysed ? `${step.polls}${step.noDataPolls ? ` (${step.noDataPolls} without data)` : ''}` : '–',
    step.verdict ?? 'running',
    step.reason ?? '',
  ]);
  const table = htmlTable(
    ['step', 'weight', 'canary requests', 'baseline requests', 'error rate canary / baseline', 'p99 canary / baseline (worst poll)', 'polls', 'verdict', 'reason'],
    rows,
  );
  const end = { atMs: Date.parse(outcome.endedAt) - Date.parse(outcome.startedAt), weight: outcome.weight };
  const chart = canaryChart(outcome.polls, end);
  const noData = outcome.polls.filter((poll) => poll.canaryErrorRate === undefined).length;
  return [
    `### shipgate canary ${escapeMarkdownInline(outcome.version)} → ${escapeMarkdownInline(outcome.environment)}: ${headline[outcome.decision]}`,
    '',
    `${escapeMarkdownInline(outcome.reason)}`,
    '',
    `${deploymentCell(outcome.deploymentId, outcome.environment, links).html} of ${commitCell(outcome.sha, links, { short: true }).html}; baseline ${outcome.baselineSha ? commitCell(outcome.baselineSha, links, { short: true }).html : 'none (no earlier good deployment)'}; canary weight now ${outcome.weight}%${outcome.trafficSafe ? '' : ' — **the router did not confirm traffic is back on stable**'}.`,
    '',
    `Report (JSON, every step's and poll's figures): <code>${escapeHtml(reportPath)}</code> — the \`report\` output; upload it with \`actions/upload-artifact\` to keep it.`,
    '',
    table,
    ...(chart
      ? [`Lines: canary weight, canary error rate, baseline error rate (percent, per poll; the last point is the weight when the canary ended${noData ? `; ${noData} polls without data are not drawn` : ''}).`, '', '```mermaid', chart, '```', '']
      : []),
  ].join('\n');
}
