import { commitCell, deploymentCell, escapeHtml, escapeMarkdownInline, formatDuration, htmlTable, readRunContext, summaryLinks, type Cell, type RecordsPlace, type RunContext, type SummaryLinks } from '@shipgate/core';
import type { RollbackPlan, RollbackResult } from './rollback';
import type { RollbackSelection } from './target';

const ICON: Record<RollbackResult['status'], string> = { success: '✅', failure: '❌', error: '⚠️' };

const traffic = (plan: RollbackPlan, result: RollbackResult): string => {
  if (!plan.router) return 'not touched (no router)';
  if (result.weightNow === undefined) return `${plan.router.name} router: unknown (it could not be read back)`;
  return `${plan.router.name} router: ${result.weightNow}% canary, ${100 - result.weightNow}% stable`;
};

/** A deployment of the environment: its commit and "Deployment #N", each linked on GitHub. */
const deployed = (sha: string, detail: string, id: number | undefined, environment: string, links: SummaryLinks): Cell => ({
  html: [commitCell(sha, links).html, escapeHtml(detail), id === undefined ? '' : `(${deploymentCell(id, environment, links).html})`].filter(Boolean).join(' '),
});

/**
 * The job summary of a rollback: what it replaced with what, what ran, where traffic is, and
 * what is quarantined. On GitHub the commits and deployments link to their pages.
 */
export function rollbackSummary(selection: RollbackSelection, plan: RollbackPlan, result: RollbackResult, records: RecordsPlace, context: RunContext = readRunContext()): string {
  const { from, target, environment } = selection;
  const links = summaryLinks(records, context);
  const rows: Cell[][] = [
    ['Recorded as', deploymentCell(result.deploymentId, environment, links, 'Rollback deployment')],
    ['Environment', environment],
    ['Result', `${ICON[result.status]} ${result.status}: ${result.reason}`],
    ['Rolled back from', deployed(from.sha, '', from.id, environment, links)],
    ['Rolled back to', deployed(target.sha, target.version, target.deploymentId, environment, links)],
    ['Why this target', selection.why],
    ['What ran', result.ran.length > 0 ? result.ran.join('; ') : 'nothing completed'],
    ['Traffic now', traffic(plan, result)],
    [
      'Quarantined',
      [
        result.quarantined.length > 0
          ? `${from.sha.slice(0, 7)}: deployment(s) ${result.quarantined.map((id) => `#${id}`).join(', ')} marked failure "shipgate: rolled back"; staging-gate-check refuses this code`
          : result.status === 'success'
            ? 'nothing yet'
            : 'nothing (the rollback did not complete)',
        result.quarantineProblem ? `⚠️ ${result.quarantineProblem}` : '',
      ]
        .filter(Boolean)
        .join('. '),
    ],
    ['Reason', plan.reason],
    ['Triggered by', plan.actor ?? 'unknown'],
    ['Duration (trigger to verified)', formatDuration(result.durationMs)],
  ];
  return `### ${ICON[result.status]} shipgate rollback of ${escapeMarkdownInline(environment)}\n\n${htmlTable(['What', 'This rollback'], rows)}`;
}

/** What a dry run would have done. */
export function rollbackDryRun(selection: RollbackSelection, plan: RollbackPlan): string[] {
  const { from, target, environment } = selection;
  return [
    `Would roll back ${environment} from ${from.sha} (#${from.id}) to ${target.sha} (${target.version}): ${selection.why}`,
    plan.router ? `Would set the canary weight through the ${plan.router.name} router to ${plan.steps.map((w) => `${w}%`).join(' → ')}` : 'No traffic change (no router)',
    plan.command ? `Would run: ${JSON.stringify(plan.command)} with {sha}=${target.sha} {version}=${target.version}` : 'No redeploy (command not set)',
    plan.healthUrl ? `Would check ${plan.healthUrl} after each step` : 'No health check (health-url not set)',
    `Would mark #${[from.id, ...selection.openCanaries.map((d) => d.id)].join(', #')} failure "shipgate: rolled back: ${plan.reason}"`,
  ];
}
