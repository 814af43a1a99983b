import { tmpdir } from 'node:os';
import { formatDuration, parseInputs, prepareConfinedFile, runAction, workspaceDir, type ActionIO } from '@shipgate/core';
import { deliveryOutputs, deliverySummary, leadTimeGaps, measureDelivery } from '@shipgate/delivery';
import { openActionRecords } from '@shipgate/records';
import { deliveryMetricsInputs } from './inputs';

export async function main(io: ActionIO): Promise<void> {
  const inputs = parseInputs(deliveryMetricsInputs, io.input);
  if (inputs['github-token']) io.setSecret(inputs['github-token']);
  const roots = [workspaceDir(), process.env.RUNNER_TEMP || tmpdir()];
  // Checked before anything is read: a report path outside the workspace is an input error.
  const report = inputs.report ? prepareConfinedFile('report', inputs.report, roots, { probe: !inputs['dry-run'] }) : undefined;
  if (inputs['dry-run']) {
    io.info(`[dry-run] would read the deployments of ${inputs.environment} created in the last ${formatDuration(inputs.since)}, compare the commits of each successful one (at most ${inputs['max-comparisons']} compare calls), and ${report ? `write ${report.path}` : 'write no report'}`);
    return;
  }
  const records = await openActionRecords(inputs['github-token'], io.warning, { signal: io.signal });
  const metrics = await measureDelivery(records, { environment: inputs.environment, sinceMs: inputs.since, now: new Date(), limits: { maxComparisons: inputs['max-comparisons'] } });
  for (const [name, value] of Object.entries(deliveryOutputs(metrics))) io.setOutput(name, value);
  for (const gap of leadTimeGaps(metrics)) io.warning(gap);
  if (report) {
    report.write(`${JSON.stringify(metrics, null, 2)}\n`);
    io.setOutput('report', report.path);
  } else io.setOutput('report', '');
  await io.appendSummary(deliverySummary(metrics, records.location, report?.path));
  const c = metrics.counts;
  io.info(`${inputs.environment}: ${c.deployments} change deployment(s) and ${c.rollbacks} rollback(s) in the window; ${metrics.leadTime.comparisons} comparison(s) for the lead time`);
}

export async function run(): Promise<void> {
  await runAction('delivery-metrics', { main });
}
