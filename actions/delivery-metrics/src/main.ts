import { tmpdir } from 'node:os';
import { formatDuration, parseInputs, prepareConfinedFile, runAction, workspaceDir, type ActionIO } from '@shipgate/core';
import { deliveryOutputs, deliverySummary, measureDelivery } from '@shipgate/delivery';
import { openActionRecords } from '@shipgate/records';
import { deliveryMetricsInputs } from './inputs';

export async function main(io: ActionIO): Promise<void> {
  const inputs = parseInputs(deliveryMetricsInputs, io.input);
  if (inputs['github-token']) io.setSecret(inputs['github-token']);
  const roots = [workspaceDir(), process.env.RUNNER_TEMP || tmpdir()];
  // Checked before anything is read: a report path outside the workspace is an input error.
  const report = inputs.report ? prepareConfinedFile('report', inputs.report, roots, { probe: !inputs['dry-run'] }) : undefined;
  if (inputs['dry-run']) {
    io.info(`[dry-run] would read the deployments of ${inputs.environment} created in the last ${formatDuration(inputs.since)}, compare the commits of each successful one, and ${report ? `write ${report.path}` : 'write no report'}`);
    return;
  }
  const records = await openActionRecords(inputs['github-token'], io.warning, { signal: io.signal });
  const metrics = await measureDelivery(records, { environment: inputs.environment, sinceMs: inputs.since, now: new Date() });
  for (const [name, value] of Object.entries(deliveryOutputs(metrics))) io.setOutput(name, value);
  if (metrics.leadTime.commitsUnread > 0) {
    io.warning(`${metrics.leadTime.commitsUnread} commit(s) were beyond GitHub's 250-commit compare limit (deployment(s) ${metrics.leadTime.cutComparisons.map((id) => `#${id}`).join(', ')}) and are not in the lead time`);
  }
  if (report) {
    report.write(`${JSON.stringify(metrics, null, 2)}\n`);
    io.setOutput('report', report.path);
  } else io.setOutput('report', '');
  await io.appendSummary(deliverySummary(metrics, records.location));
  const c = metrics.counts;
  io.info(`${inputs.environment}: ${c.deployments} change deployment(s) and ${c.rollbacks} rollback(s) in the window; ${metrics.leadTime.comparisons} comparison(s) for the lead time`);
}

export async function run(): Promise<void> {
  await runAction('delivery-metrics', { main });
}
