import { escapeHtml } from '@shipgate/core';
import { BAND_SOURCE } from './bands';
import type { DeliveryMetrics } from './delivery-metrics';
import { figure } from './figures';

const percent = (rate: number | undefined) => (rate === undefined ? '–' : `${figure(rate * 100, 1)} %`);
const hours = (value: number | undefined) => (value === undefined ? '–' : `${figure(value, 1)} h`);
const band = (value: string | undefined) => value ?? '–';

/** The job summary: the figures with their bands, what was counted, and charts of the weekly figures. */
export function deliverySummary(metrics: DeliveryMetrics, location: string): string {
  const m = metrics;
  const rows = [
    ['Deployment frequency', `${figure(m.deploymentFrequency.perDay, 2)} / day (${figure(m.deploymentFrequency.perWeek, 1)} / week)`, band(m.deploymentFrequency.band)],
    ['Lead time for changes (median)', hours(m.leadTime.medianHours), band(m.leadTime.band)],
    ['Lead time for changes (p90)', hours(m.leadTime.p90Hours), ''],
    ['Change failure rate', percent(m.changeFailureRate.rate), band(m.changeFailureRate.band)],
    ['Failed deployment recovery time (median)', hours(m.recoveryTime.medianHours), band(m.recoveryTime.band)],
    ['Rollback frequency', `${figure(m.rollbackFrequency.perWeek, 2)} / week`, 'no DORA band'],
    ['Deployment success rate', percent(m.deploymentSuccessRate.rate), 'no DORA band'],
  ];
  const c = m.counts;
  const notes = [
    `${c.deployments} change deployment(s) with an outcome: ${c.succeeded} succeeded, ${c.rolledBack} rolled back, ${c.failed} failed, ${c.aborted} canary abort(s); ${c.rollbacks} rollback(s); ${c.unfinished} unfinished (not counted).`,
    `Lead time from ${m.leadTime.changes} commit(s) over ${m.leadTime.comparisons} comparison(s).`,
    ...(m.leadTime.commitsUnread > 0 ? [`${m.leadTime.commitsUnread} commit(s) in ${m.leadTime.cutComparisons.length} comparison(s) over GitHub's 250-commit limit were not read and are not in the lead time.`] : []),
    ...(m.recoveryTime.unrecovered > 0 ? [`${m.recoveryTime.unrecovered} failure(s) not yet followed by a good deployment (not in the recovery time).`] : []),
    ...(c.notShipgate + c.transient > 0 ? [`Ignored: ${c.notShipgate} record(s) not written by shipgate, ${c.transient} transient.`] : []),
    `Bands: ${BAND_SOURCE}.`,
  ];
  return [
    `### shipgate delivery metrics: ${escapeHtml(m.environment)}`,
    '',
    `${m.window.since.slice(0, 10)} to ${m.window.until.slice(0, 10)} (${figure(m.window.days, 1)} days), records: ${escapeHtml(location)}`,
    '',
    '| figure | value | DORA band |',
    '|---|---|---|',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    ...notes.map((note) => `- ${note}`),
    '',
    ...weeklyCharts(m),
  ].join('\n');
}

/** Two mermaid xychart-beta charts, deploys per week and failure rate per week; none for an empty window. */
export function weeklyCharts(metrics: DeliveryMetrics): string[] {
  const weeks = metrics.weeks;
  if (weeks.length === 0 || metrics.counts.deployments === 0) return [];
  const labels = `[${weeks.map((w) => `"${w.start.slice(5)}"`).join(', ')}]`;
  const topDeploys = Math.max(1, ...weeks.map((w) => w.deploys));
  const rates = weeks.map((w) => figure((w.failureRate ?? 0) * 100, 1));
  return [
    '```mermaid',
    'xychart-beta',
    '    title "Successful deploys per week"',
    `    x-axis "week starting" ${labels}`,
    `    y-axis "deploys" 0 --> ${topDeploys}`,
    `    bar [${weeks.map((w) => w.deploys).join(', ')}]`,
    '```',
    '',
    '```mermaid',
    'xychart-beta',
    '    title "Change failure rate per week (%)"',
    `    x-axis "week starting" ${labels}`,
    '    y-axis "percent" 0 --> 100',
    `    line [${rates.join(', ')}]`,
    '```',
    '',
  ];
}
