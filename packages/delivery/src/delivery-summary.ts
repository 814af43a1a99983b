import { escapeMarkdownInline, formatDuration } from '@shipgate/core';
import { BASE_SEARCH_PAGES } from '@shipgate/records';
import { BAND_SOURCE } from './bands';
import type { DeliveryMetrics } from './delivery-metrics';
import { figure, OUTPUT_DECIMALS } from './figures';

// The outputs' precision, so the value shown is the one its band was read from.
const percent = (rate: number | undefined) => (rate === undefined ? '–' : `${figure(rate * 100, OUTPUT_DECIMALS.rate - 2)} %`);
const hours = (value: number | undefined) => (value === undefined ? '–' : `${figure(value, OUTPUT_DECIMALS.hours)} h`);
const band = (value: string | undefined) => value ?? '–';

/** The job summary: the figures with their bands, what was counted, and charts of the weekly figures. */
export function deliverySummary(metrics: DeliveryMetrics, location: string, reportPath?: string): string {
  const m = metrics;
  const rows = [
    ['Deployment frequency', `${figure(m.deploymentFrequency.perDay, OUTPUT_DECIMALS.perDay)} / day (${figure(m.deploymentFrequency.perWeek, 2)} / week)`, band(m.deploymentFrequency.band)],
    ['Lead time for changes (median)', hours(m.leadTime.medianHours), band(m.leadTime.band)],
    ['Lead time for changes (p90)', hours(m.leadTime.p90Hours), ''],
    ['Change failure rate', percent(m.changeFailureRate.rate), band(m.changeFailureRate.band)],
    ['Failed deployment recovery time (median)', hours(m.recoveryTime.medianHours), band(m.recoveryTime.band)],
    ['Rollback frequency', `${figure(m.rollbackFrequency.perWeek, 2)} / week`, 'no DORA band'],
    ['Deployment success rate', percent(m.deploymentSuccessRate.rate), 'no DORA band'],
  ];
  const c = m.counts;
  const lead = m.leadTime;
  const notes = [
    `${c.deployments} change deployment(s) with an outcome: ${c.succeeded} succeeded, ${c.rolledBack} rolled back, ${c.failed} failed, ${c.aborted} canary abort(s); ${c.rollbacks} rollback(s); ${c.unfinished} unfinished and ${c.stopped} stopped without a verdict (not counted).`,
    ...(m.stops.noData + m.stops.cancelled + m.stops.interrupted > 0
      ? [`Stops that were not a verdict on the change: ${m.stops.noData} canary stop(s) for lack of data and ${m.stops.cancelled} cancellation(s) (not in the change failure rate), ${m.stops.interrupted} interrupted rollout(s) (the job, GitHub or the router failed mid-rollout: counted as failed).`]
      : []),
    `Lead time from ${lead.changes} commit(s) over ${lead.comparisons} comparison(s).`,
    ...leadTimeGaps(m).map((gap) => `${gap}.`),
    ...(m.recoveryTime.unrecovered > 0 ? [`${m.recoveryTime.unrecovered} failure(s) not yet followed by a good deployment (not in the recovery time).`] : []),
    ...(c.notShipgate + c.transient > 0 ? [`Ignored: ${c.notShipgate} record(s) not written by shipgate, ${c.transient} transient.`] : []),
    `Bands: ${BAND_SOURCE}.`,
  ];
  return [
    `### shipgate delivery metrics: ${escapeMarkdownInline(m.environment)}`,
    '',
    `${m.window.since.slice(0, 10)} to ${m.window.until.slice(0, 10)} (${m.window.days >= 1 ? `${figure(m.window.days, 1)} days` : formatDuration(m.window.days * 86_400_000)}), records: ${escapeMarkdownInline(location)}`,
    '',
    ...(reportPath ? [`Report (JSON, every figure): ${escapeMarkdownInline(reportPath)} — the \`report\` output; upload it with \`actions/upload-artifact\` to keep it.`, ''] : []),
    '| figure | value | DORA band |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
    ...weeklyCharts(m),
  ].join('\n');
}

/**
 * What the lead time could not measure, one sentence each (the job summary's notes and the run's
 * warnings say the same): commits left out, and why.
 */
export function leadTimeGaps(metrics: DeliveryMetrics): string[] {
  const lead = metrics.leadTime;
  const ids = (list: readonly number[]) => list.map((id) => `#${id}`).join(', ');
  return [
    ...(lead.commitsUnread > 0
      ? [`${lead.commitsUnread} commit(s) were beyond GitHub's 250-commit compare limit (deployment(s) ${ids(lead.cutComparisons)}): GitHub lists the newest 250, so the oldest commits — the longest lead times — are not in the lead time, which reads shorter than it is`]
      : []),
    ...(lead.withoutBase.length > 0
      ? [`${lead.withoutBase.length} successful deployment(s) (${ids(lead.withoutBase)}) had no earlier successful deployment to compare with (the environment's first, or none within ${HISTORY_PAGES_READ} pages of older deployments): their commits are not in the lead time`]
      : []),
    ...(lead.unknownCommits.length > 0
      ? [`${lead.unknownCommits.length} comparison(s) (deployment(s) ${ids(lead.unknownCommits)}) named a commit git or GitHub does not have (a shallow clone on the CLI: check out with fetch-depth: 0; a force-pushed or deleted commit): their commits are not in the lead time`]
      : []),
    ...(lead.failedComparisons.length > 0
      ? [`${lead.failedComparisons.length} comparison(s) (deployment(s) ${ids(lead.failedComparisons)}) failed, their commits are not in the lead time: ${lead.failureReason ?? 'GitHub failed'}`]
      : []),
    ...(lead.skippedComparisons.length > 0
      ? [`the lead time is partial: shipgate stopped comparing (${lead.stopReason ?? 'a limit was reached'}), so the ${lead.skippedComparisons.length} newest successful deployment(s) in the window were not compared`]
      : []),
  ];
}

/** Older pages read to find the base of the window's first comparison: the last page plus BASE_SEARCH_PAGES. */
const HISTORY_PAGES_READ = 1 + BASE_SEARCH_PAGES;

/**
 * Two mermaid xychart-beta charts, deploys per week and failure rate per week; none for an empty
 * window. A week without deployments has no failure rate: it is left out of the failure chart
 * (xychart draws no gaps), and a line under the chart says which.
 */
export function weeklyCharts(metrics: DeliveryMetrics): string[] {
  const weeks = metrics.weeks;
  if (weeks.length === 0 || metrics.counts.deployments === 0) return [];
  const labelsOf = (list: typeof weeks) => `[${list.map((w) => `"${w.start.slice(5)}"`).join(', ')}]`;
  const topDeploys = Math.max(1, ...weeks.map((w) => w.deploys));
  const measured = weeks.filter((w) => w.failureRate !== undefined);
  const empty = weeks.filter((w) => w.failureRate === undefined);
  return [
    '```mermaid',
    'xychart-beta',
    '    title "Successful deploys per week"',
    `    x-axis "week starting" ${labelsOf(weeks)}`,
    `    y-axis "deploys" 0 --> ${topDeploys}`,
    `    bar [${weeks.map((w) => w.deploys).join(', ')}]`,
    '```',
    '',
    '```mermaid',
    'xychart-beta',
    '    title "Change failure rate per week (%)"',
    `    x-axis "week starting" ${labelsOf(measured)}`,
    '    y-axis "percent" 0 --> 100',
    `    line [${measured.map((w) => figure((w.failureRate as number) * 100, 1)).join(', ')}]`,
    '```',
    '',
    ...(empty.length > 0 ? [`Weeks with no deployments, left out of the failure-rate chart: ${empty.map((w) => w.start).join(', ')}.`, ''] : []),
  ];
}
