import { code, escapeHtml, formatDuration, htmlTable, link, type Cell } from '@shipgate/core';
import type { RollbackPlan, RollbackResult } from './rollback';
import type { RollbackSelection } from './target';

const ICON: Record<RollbackResult['status'], string> = { success: '✅', failure: '❌', error: '⚠️' };

const traffic = (plan: RollbackPlan, result: RollbackResult): string => {
  if (!plan.router) return 'not touched (no router)';
  if (result.weightNow === undefined) return `${plan.router.name} router: unknown (it could not be read back)`;
  return `${plan.router.name} router: ${result.weightNow}% canary, ${100 - result.weightNow}% stable`;
};

/** The job summary of a rollback: what it replaced with what, what ran, where traffic is, and what is quarantined. */
export function rollbackSummary(selection: RollbackSelection, plan: RollbackPlan, result: RollbackResult, recordsLocation: string): string {
  const { from, target, environment } = selection;
  const rows: Cell[][] = [
    ['Environment', environment],
    ['Result', `${ICON[result.status]} ${result.status}: ${result.reason}`],
    ['Rolled back from', code(`${from.sha} (#${from.id})`)],
    ['Rolled back to', code(`${target.sha} ${target.version}${target.deploymentId ? ` (#${target.deploymentId})` : ''}`)],
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
    ['Rollback deployment', link(`#${result.deploymentId}`, recordsLocation)],
  ];
  return `### ${ICON[result.status]} shipgate rollback of ${escapeHtml(environment)}\n\n${htmlTable(['', ''], rows)}`;
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
