import { commitCell, deploymentCell, escapeMarkdownInline, formatDuration, htmlTable, link, readRunContext, summaryLinks, type Cell, type RecordsPlace, type RunContext } from '@shipgate/core';
import type { DeployPlan, DeployResult, ResolvedDeploy } from './deploy';

const ICON: Record<DeployResult['status'], string> = { success: '✅', failure: '❌', error: '⚠️' };

/**
 * The job summary of one deploy: what, where, how long, and how it ended. On GitHub the commits
 * link to their pages and the deployment to its environment's page; with the local records
 * file they are plain text.
 */
export function deploySummary(plan: DeployPlan, result: DeployResult, records: RecordsPlace, context: RunContext = readRunContext()): string {
  const links = summaryLinks(records, context);
  const previous: Cell = result.previousSha
    ? { html: `${commitCell(result.previousSha, links, { short: true }).html} (${deploymentCell(result.previousDeploymentId ?? '?', plan.environment, links).html})` }
    : 'none';
  const rows: Cell[][] = [
    ['Recorded as', deploymentCell(result.deploymentId, plan.environment, links)],
    ['Environment', plan.environment],
    ['Commit', commitCell(result.sha, links)],
    ['Version', result.version],
    ['URL', result.url ? link(result.url, result.url) : '—'],
    ['Result', `${ICON[result.status]} ${result.status}: ${result.reason}`],
    ['Duration', formatDuration(result.durationMs)],
    ['Previous good deployment', previous],
  ];
  return `### ${ICON[result.status]} shipgate deploy to ${escapeMarkdownInline(plan.environment)}\n\n${htmlTable(['What', 'This deploy'], rows)}`;
}

/** What a dry run would have done, for the log and the summary. */
export function dryRunPlan(plan: DeployPlan, resolved: ResolvedDeploy): string[] {
  return [
    `Would create a deployment of ${resolved.sha} (${resolved.version}) in environment '${plan.environment}'` +
      `${plan.production ? ' (production)' : ''}${plan.transient ? ' (transient)' : ''}`,
    `Would run: ${JSON.stringify(resolved.argv)} (timeout ${formatDuration(plan.commandTimeoutMs)})`,
    plan.healthUrl ? `Would wait up to ${formatDuration(plan.healthTimeoutMs)} for ${plan.healthUrl} to answer 2xx` : 'No health wait (health-url not set)',
    `Previous good deployment: ${resolved.previous ? `${resolved.previous.sha} (#${resolved.previous.id})` : 'none'}`,
  ];
}
