import { code, escapeHtml, formatDuration, htmlTable, link } from '@shipgate/core';
import type { DeployPlan, DeployResult, ResolvedDeploy } from './deploy';

const ICON: Record<DeployResult['status'], string> = { success: '✅', failure: '❌', error: '⚠️' };

/** The job summary of one deploy: what, where, how long, and how it ended. */
export function deploySummary(plan: DeployPlan, result: DeployResult, recordsLocation: string): string {
  const rows = [
    ['Environment', plan.environment],
    ['Commit', code(result.sha)],
    ['Version', result.version],
    ['URL', result.url ? link(result.url, result.url) : '—'],
    ['Result', `${ICON[result.status]} ${result.status}: ${result.reason}`],
    ['Duration', formatDuration(result.durationMs)],
    ['Previous good deployment', result.previousSha ? code(`${result.previousSha.slice(0, 7)} (#${result.previousDeploymentId})`) : 'none'],
    ['Deployment', link(`#${result.deploymentId}`, recordsLocation)],
  ] as const;
  return `### ${ICON[result.status]} shipgate deploy to ${escapeHtml(plan.environment)}\n\n${htmlTable(['', ''], rows.map((r) => [...r]))}`;
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
