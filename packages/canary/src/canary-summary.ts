import { escapeHtml, formatDuration, formatPercentage, htmlTable, type Cell } from '@shipgate/core';
import { canaryChart } from './canary-chart';
import type { ArmTotals, CanaryOutcome } from './rollout-types';

const errorRate = (arm: ArmTotals) => (arm.requests > 0 ? formatPercentage(arm.errors / arm.requests) : '–');
const p99 = (arm: ArmTotals) => (arm.worstP99Ms === undefined ? '–' : formatDuration(arm.worstP99Ms));

const headline: Record<CanaryOutcome['decision'], string> = {
  promoted: '✅ promoted',
  aborted: '❌ stopped',
  'in-progress': '⏳ in progress',
};

/** The job summary: the decision, a row per step and the chart of weight and error rates over time. */
export function canarySummary(outcome: CanaryOutcome, recordsLocation: string): string {
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
    `### shipgate canary ${escapeHtml(outcome.version)} → ${escapeHtml(outcome.environment)}: ${headline[outcome.decision]}`,
    '',
    `${escapeHtml(outcome.reason)}`,
    '',
    `Deployment ${outcome.deploymentId} (${escapeHtml(recordsLocation)}); baseline ${outcome.baselineSha ? `<code>${outcome.baselineSha.slice(0, 7)}</code>` : 'none (no earlier good deployment)'}; canary weight now ${outcome.weight}%${outcome.trafficSafe ? '' : ' — **the router did not confirm traffic is back on stable**'}.`,
    '',
    table,
    ...(chart
      ? [`Lines: canary weight, canary error rate, baseline error rate (percent, per poll; the last point is the weight when the canary ended${noData ? `; ${noData} polls without data are not drawn` : ''}).`, '', '```mermaid', chart, '```', '']
      : []),
  ].join('\n');
}
